"""`evalcatalog serve`: the catalogue in a web browser (Starlette, Jinja2, served by uvicorn).

app.py     create_app: routes, security headers, error pages
pages.py   search, browse, a report, stats (HTML)
api.py     /api/ and the downloads, in the CLI's JSON and CSV shapes
pdf.py     a report's PDF, from a recorded path that still matches
pool.py    read-only catalogues on a few threads
"""

from .app import create_app

__all__ = ["create_app"]
