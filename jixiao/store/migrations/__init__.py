"""Alembic migrations shipped inside the package (run by ``jixiao db upgrade``)."""
