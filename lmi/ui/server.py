"""What the web server adds to Streamlit's own (an ASGI middleware for `st.App`, see app.py):

- **Deep links without 404s.** Streamlit's page finds its server by trying the link's path as a
  base path first (`/compare/_stcore/health`: a 404 in the console for every deep link), and loads
  its scripts relative to the path (`/explorer/extra/static/...`: a blank white page). The page
  HTML gets `<base href="/">` and `window.__streamlit.BACKEND_BASE_URL`, Streamlit's own setting
  for where its server is, so the browser asks the right address first time.
- **Back restores the previous choice**: each choice is a history entry (see HISTORY).
- **`/overview` opens the Overview** (Streamlit serves the default page at `/` only): a redirect.
- **An unknown path gets the app's own not-found page** with a link to every page, not a blank
  page or Streamlit's dialog. The pages are those dashboard.py declares (its `url_path=` values).
- **The chart and table code loads while the app connects.** Streamlit loads plotly.js (one 4.7 MB
  module) and its data grid only when the first chart's or table's message has arrived and the
  widgets above have loaded their own code; then both compete for the browser's main thread with
  the page being drawn. Every page of this app has a chart or a table, so the page HTML names those
  modules with `<link rel="modulepreload">` (fetched and compiled at once) and imports them when the
  page has loaded, while the server runs the page (PRELOADED): the first chart is drawn about a
  second sooner on a cold browser. A module that a Streamlit upgrade renames is simply not preloaded.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Callable
from pathlib import Path

from lmi.i18n import t

#: paths Streamlit itself serves (its API, scripts, media, components, sign-in): passed through untouched
RESERVED = re.compile(r"^/(_stcore|static|media|component|app/static|auth|oauth2callback|favicon\.png|manifest\.json)(/|$)")
#: the default page's own name: a link to it opens the root
DEFAULT_ALIASES = ("overview",)
#: Streamlit's own code modules that the pages need first, in the order they are imported (the file names
#: carry a hash, found at start): the chart library, then the data grid
PRELOADED = ("PlotlyChart", "DataFrame")


def preloads(root: str = "") -> bytes:
    """For each PRELOADED module of the installed Streamlit: a <link rel="modulepreload">, and one script that
    imports them in turn once the page has loaded (the app's own code first). Nothing if none is found."""
    import streamlit

    scripts = Path(streamlit.__file__).parent / "static" / "static" / "js"
    urls = [f"{root}/static/js/{path.name}" for name in PRELOADED for path in sorted(scripts.glob(f"{name}.*.js"))[:1]]
    if not urls:
        return b""
    links = "".join(f'<link rel="modulepreload" href="{url}">' for url in urls)
    chain = "".join(f'.then(() => import("{url}"))' for url in urls)
    script = f'<script>window.addEventListener("load", () => {{ Promise.resolve(){chain}.catch(() => {{}}); }});</script>'
    return (links + script).encode()


def page_paths(entry: Path) -> dict[str, str]:
    """url_path -> title of every st.Page the entry script declares (read from its source, not run)."""
    pages: dict[str, str] = {}
    for node in ast.walk(ast.parse(entry.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "Page":
            keywords = {k.arg: k.value for k in node.keywords}
            path, title = keywords.get("url_path"), keywords.get("title")
            if isinstance(path, ast.Constant) and isinstance(path.value, str):
                text = title.args[0].value if isinstance(title, ast.Call) and title.args and isinstance(title.args[0], ast.Constant) else path.value
                pages[path.value] = text
    return pages


#: Streamlit's bound widgets write the URL with history.replaceState, so Back skips every choice made on a
#: page; a choice (a call from its `updateUrlParam`) becomes a new history entry instead, which Back
#: restores through Streamlit's own history navigation (the URL wins over the session).
HISTORY = """(function () {
  var replace = window.history.replaceState.bind(window.history);
  window.history.replaceState = function (state, title, url) {
    if (url && String(new Error().stack).indexOf("updateUrlParam") >= 0) { return window.history.pushState(state, title, url); }
    return replace(state, title, url);
  };
})();"""


def inject(page: bytes, root: str = "", preload: bytes = b"") -> bytes:
    """Streamlit's page HTML, told where its server is (so it never probes the link's path), with
    each choice a history entry (HISTORY), and the modules to preload after its own scripts."""
    head = (f'<base href="{root}/"><script>window.__streamlit = Object.assign(window.__streamlit || {{}}, '
            f'{{BACKEND_BASE_URL: window.location.origin + "{root}/"}});{HISTORY}</script>').encode()
    return page.replace(b"<head>", b"<head>" + head, 1).replace(b"</head>", preload + b"</head>", 1)


def not_found_page(path: str, pages: dict[str, str], root: str = "") -> bytes:
    """The app's own not-found page: what was asked for (escaped, shortened) and a link to every page."""
    shown = html.escape(path if len(path) <= 80 else path[:80] + "…")
    links = "".join(f'<li><a href="{root}/{html.escape(p)}">{html.escape(t(title))}</a></li>' for p, title in pages.items()
                    if p not in DEFAULT_ALIASES)
    body = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(t("Page not found"))}</title><style>body{{font-family:"Source Sans Pro",sans-serif;max-width:40rem;'
            f'margin:3rem auto;padding:0 1rem;line-height:1.5;color:#31333f}}a{{color:#0068c9}}code{{word-break:break-all}}</style></head>'
            f'<body><h1>{html.escape(t("Page not found"))}</h1>'
            f'<p>{html.escape(t("This dashboard has no page at"))} <code>{shown}</code>.</p>'
            f'<p>{html.escape(t("Its pages:"))}</p><ul><li><a href="{root}/">{html.escape(t("Overview"))}</a></li>{links}</ul></body></html>')
    return body.encode("utf-8")


class DeepLinks:
    """ASGI middleware: the three behaviours above, for GET requests of pages; everything else passes through."""

    def __init__(self, app: Callable, entry: Path, root: str = ""):
        self.app, self.root = app, root.rstrip("/")
        self.pages = page_paths(entry)
        self.preload = preloads(self.root)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        path = scope["path"][len(self.root):] if self.root and scope["path"].startswith(self.root) else scope["path"]
        if RESERVED.match(path):
            return await self.app(scope, receive, send)
        name = path.strip("/")
        if name in DEFAULT_ALIASES:
            query = scope.get("query_string", b"").decode("latin-1")
            return await _respond(send, 307, b"", [(b"location", (f"{self.root}/" + (f"?{query}" if query else "")).encode("latin-1"))])
        if name and name not in self.pages:
            return await _respond(send, 404, not_found_page(path, self.pages, self.root), [(b"content-type", b"text/html; charset=utf-8")])
        return await self._page(scope, receive, send)

    async def _page(self, scope, receive, send):
        """The page HTML with the base address added (asked for uncompressed, so it can be edited)."""
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    body = b"".join(chunks)
                    kind = dict(start.get("headers", [])).get(b"content-type", b"")
                    if kind.startswith(b"text/html"):
                        body = inject(body, self.root, self.preload)
                    headers_out = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                    await send({**start, "headers": headers_out + [(b"content-length", str(len(body)).encode())]})
                    await send({"type": "http.response.body", "body": body})

        await self.app({**scope, "headers": headers}, receive, capture)


async def _respond(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": headers + [(b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})
