"""CSRF tokens and login errors.

The session itself is Starlette's signed cookie (``SessionMiddleware``, itsdangerous): HttpOnly,
SameSite=Lax, ``Secure`` when configured. It holds only the user id and the CSRF token; the user
is re-read from the database on each request so a deleted account loses access at once.

CSRF: a per-session random token, sent back by every state-changing request either as the form
field ``csrf_token`` or the ``X-CSRF-Token`` header (htmx adds it from ``hx-headers`` on <body>;
API clients send it too). SameSite=Lax already stops most cross-site posts; the token covers
the rest (older browsers, same-site subdomains).
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"


class CSRFError(Exception):
    """A state-changing request without a valid token."""


class LoginRequired(Exception):
    """The request needs a logged-in user."""


class Forbidden(Exception):
    """Logged in, but the role may not do this (message shown to the user)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """App-wide dependency: reject unsafe methods whose token is missing or wrong."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent: object = request.headers.get(HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            sent = form.get(FORM_FIELD)
    if not (
        isinstance(expected, str)
        and isinstance(sent, str)
        and expected
        and hmac.compare_digest(expected.encode(), sent.encode())
    ):
        raise CSRFError()


def client_address(request: Request) -> str:
    """The peer address (a reverse proxy should be configured with uvicorn --proxy-headers)."""
    return request.client.host if request.client else "unknown"
