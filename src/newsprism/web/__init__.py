"""The web UI: ``newsprism serve --db news.db`` browses stories and compares outlets.

:func:`create_app` builds the FastAPI app over a store (opened read-only); :func:`serve` runs
it with uvicorn.
"""

from newsprism.web.app import create_app, serve

__all__ = ["create_app", "serve"]
