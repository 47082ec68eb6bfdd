"""Routers: pages (HTML, htmx partials) and the JSON API, each a thin layer over jixiao.store."""
