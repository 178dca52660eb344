"""The web page and JSON API (``myokinetics serve``; needs the ``web`` extra: FastAPI, uvicorn, plotly).

``app.py`` builds the FastAPI application (page, static files, ``/api`` routes from ``api.py`` with the
bodies of ``schemas.py``); ``jobs.py`` is what a worker process runs (the project's one pipeline,
held to the caps of ``limits.py``; ``runner.py`` enforces the time limit); ``headline.py`` picks the
panels and table rows the page shows; ``shorthand.py`` reads the page's program box; ``export.py``
writes the downloads.
"""
