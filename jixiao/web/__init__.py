"""The web application: FastAPI + Jinja2 + htmx over :mod:`jixiao.store`.

``create_app(database_url)`` builds the app; ``jixiao serve`` runs it with uvicorn.
"""

from jixiao.web.app import create_app

__all__ = ["create_app"]
