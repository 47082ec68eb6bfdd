"""Request dependencies: a database session, the logged-in user and their scope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from jixiao.evaluate import ScoringConfig
from jixiao.store.access import Scope
from jixiao.store.tables import User
from jixiao.web.security import LoginRequired


def get_db(request: Request) -> Iterator[Session]:
    """One session per request, closed afterwards (handlers commit what they change)."""
    with request.app.state.sessionmaker() as session:
        yield session


DB = Annotated[Session, Depends(get_db)]


def current_user(request: Request, db: DB) -> User:
    user_id = request.session.get("uid")
    if not isinstance(user_id, int):
        raise LoginRequired()
    user = db.get(User, user_id)
    if user is None or not user.active:
        request.session.clear()
        raise LoginRequired()
    # End the read transaction now: the connection goes back to the pool while the request
    # waits for a worker thread, so a burst of requests cannot hold every connection idle.
    db.commit()
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def current_scope(user: CurrentUser) -> Scope:
    return Scope.of(user)


UserScope = Annotated[Scope, Depends(current_scope)]


def scoring_config(request: Request) -> ScoringConfig:
    """The server's scoring convention (``WebSettings.scoring``)."""
    config: ScoringConfig = request.app.state.settings.scoring
    return config


Scoring = Annotated[ScoringConfig, Depends(scoring_config)]
