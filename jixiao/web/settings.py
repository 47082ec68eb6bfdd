"""Web settings, read once when the app is created.

Only what an operator must be able to change lives here; everything else is a constant next to
the code that uses it. The session secret comes from ``JIXIAO_SECRET_KEY``: without it a random
key is generated per process, which is fine for a single demo server (sessions end on restart)
but must be set when several workers or restarts should keep users logged in.
``JIXIAO_SCORING_CONFIG`` names a scoring-convention TOML file; a bad file stops the start with
a message naming the file (``InputError``), rather than serving scores under a wrong convention.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.evaluate import DEFAULT_CONFIG, ScoringConfig
from jixiao.evaluate.config import load_config


@dataclass(frozen=True, slots=True)
class WebSettings:
    database_url: str
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    session_max_age: int = 8 * 3600
    """Seconds a login lasts: one working day."""
    https_only: bool = False
    """Mark the session cookie ``Secure`` (set when served behind HTTPS)."""
    login_max_failures: int = 5
    login_window_seconds: int = 300
    max_upload_bytes: int = 50 * 1024 * 1024
    threads: int = 8
    """Requests handled at once (sync handlers run in a thread pool of this size). More threads
    than this only fight over the interpreter lock on a 2-core machine: measured with
    bench/bench_web.py, 8 threads serve ~30% more detail pages per second than 40."""
    upload_dir: Path | None = None
    """Where uploaded files wait for the background import; a temp dir when None."""
    scoring: ScoringConfig = DEFAULT_CONFIG
    """The 绩效自评 scoring convention (口径) of this server, from ``JIXIAO_SCORING_CONFIG`` (a
    TOML file, as for ``jixiao evaluate score --config``). One convention per server: a bureau
    scores all of its projects the same way, and the web, the API and the downloads agree."""

    @classmethod
    def from_env(cls, database_url: str) -> WebSettings:
        key = os.environ.get("JIXIAO_SECRET_KEY")
        upload_dir = os.environ.get("JIXIAO_UPLOAD_DIR")
        scoring = os.environ.get("JIXIAO_SCORING_CONFIG")
        return cls(
            database_url=database_url,
            secret_key=key or secrets.token_urlsafe(32),
            https_only=os.environ.get("JIXIAO_HTTPS_ONLY", "") in {"1", "true", "yes"},
            upload_dir=Path(upload_dir) if upload_dir else None,
            threads=int(os.environ.get("JIXIAO_WEB_THREADS", "8")),
            scoring=load_config(Path(scoring)) if scoring else DEFAULT_CONFIG,
        )
