"""Many users at once: N concurrent sessions going through the pages; each page's p50 / p95 and errors.

    python -m benchmarks.load [--sessions 20] [--seconds 60] [--servers 1] [--stop-one] [--refresh]

Each session is a client that speaks Streamlit's own websocket protocol (streamlit.proto), as a
browser tab does, without drawing: it fetches the app's page over HTTP (for its cookies), opens
/_stcore/stream, and for each page sends a BackMsg `rerun_script` with the page's URL path and
query string, then reads ForwardMsgs until `script_finished`. The time of a page is from the
request to `script_finished` (every element the server sends for it has arrived). An error is a
page that raises (an exception element), shows st.error, is not found, or does not finish in 60 s.
If the connection drops (a server stopped), the session reconnects, as the browser does (through
nginx, to another server), and asks for the same page again: that page counts as reconnected,
and only as an error if it then fails.

--servers 1: one `streamlit run` process, no proxy. --servers N > 1: N processes behind nginx
(deploy/cluster.py). --stop-one: stop one server halfway. --refresh: rebuild the warehouse a third
of the way in (a new file swapped in under the running servers). Loopback only; every loop is
bounded by --seconds and by --max-visits per session.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from benchmarks.pages import PAGES
from deploy import cluster as deploy
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

PAGE_TIMEOUT = 60.0
RECONNECT_FOR = 30.0
DEFAULT_PAGE = "overview"  # dashboard.py's default page: its URL path is "" (the app's root)
ROUTES = [(name, *(path.lstrip("/").split("?", 1) + [""])[:2]) for name, (_, path, _) in PAGES.items()]
ROUTES = [(name, "" if page == DEFAULT_PAGE else page, query) for name, page, query in ROUTES]


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    reconnected: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    events: list[str] = field(default_factory=list)


class PageError(Exception):
    """The page arrived, but as an error (exception, st.error, not found, timeout)."""


async def _visit(ws, page: str, query: str) -> None:
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    await ws.send(message.SerializeToString())
    problem = None
    async with asyncio.timeout(PAGE_TIMEOUT):
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await ws.recv())
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "exception":
                    problem = problem or f"exception: {element.exception.message[:80]}"
                elif element.WhichOneof("type") == "alert" and element.alert.format == element.alert.ERROR:
                    problem = problem or f"st.error: {element.alert.body[:80]}"
            elif kind == "page_not_found":
                problem = problem or "page not found"
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if problem:
                    raise PageError(problem)
                return


def _cookies(url: str) -> str:
    """The cookies a browser gets with the app's HTML (nginx's route cookie, Streamlit's XSRF cookie)."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        return "; ".join(value.split(";", 1)[0] for key, value in response.getheaders() if key.lower() == "set-cookie")


async def _session(number: int, url: str, deadline: float, max_visits: int, think: float, results: Results) -> None:
    host = urlsplit(url).netloc
    cookies = await asyncio.to_thread(_cookies, url)
    stream = f"ws://{host}/_stcore/stream"
    headers = {"Cookie": cookies} if cookies else {}
    ws, order = None, ROUTES[number % len(ROUTES):] + ROUTES[:number % len(ROUTES)]
    for visit in range(max_visits):
        if time.monotonic() >= deadline:
            break
        name, page, query = order[visit % len(order)]
        started, retried = time.perf_counter(), False
        while True:
            try:
                if ws is None:
                    ws = await connect(stream, subprotocols=["streamlit"], origin=f"http://{host}", additional_headers=headers,
                                       max_size=None, open_timeout=10)
                await _visit(ws, page, query)
                results.times[name].append(time.perf_counter() - started)
                if retried:
                    results.reconnected[name] += 1
                break
            except PageError as err:
                results.errors[name].append(str(err))
                break
            except (OSError, WebSocketException, TimeoutError) as err:  # the server went away: reconnect, as the browser does
                ws = None
                if time.perf_counter() - started > RECONNECT_FOR:
                    results.errors[name].append(f"no server answered for {RECONNECT_FOR:.0f} s ({err.__class__.__name__})")
                    break
                retried = True
                await asyncio.sleep(0.5)
        await asyncio.sleep(random.uniform(0, 2 * think))
    if ws is not None:
        await ws.close()


async def _drive(url: str, sessions: int, seconds: float, max_visits: int, think: float, results: Results) -> None:
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(_session(number, url, deadline, max_visits, think, results) for number in range(sessions)))


def _at(delay: float, work, results: Results, label: str) -> threading.Timer:
    def run():
        started = time.perf_counter()
        try:
            work()
            results.events.append(f"{label} at {delay:.0f} s ({time.perf_counter() - started:.1f} s)")
        except Exception as err:  # noqa: BLE001  (reported with the results)
            results.events.append(f"{label} at {delay:.0f} s FAILED: {err}")
    timer = threading.Timer(delay, run)
    timer.start()
    return timer


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(results: Results, title: str) -> None:
    print(title)
    for event in results.events:
        print(f"  event: {event}")
    print(f"  {'page':16}{'visits':>8}{'p50 (s)':>9}{'p95 (s)':>9}{'max (s)':>9}{'errors':>8}{'reconnected':>13}")
    for name in PAGES:
        times = results.times.get(name, [])
        p50, p95, top = (statistics.median(times), _percentile(times, 0.95), max(times)) if times else (float("nan"),) * 3
        print(f"  {name:16}{len(times):>8}{p50:>9.2f}{p95:>9.2f}{top:>9.2f}{len(results.errors.get(name, [])):>8}"
              f"{results.reconnected.get(name, 0):>13}")
    every = [t for times in results.times.values() for t in times]
    errors = [error for errors in results.errors.values() for error in errors]
    if every:
        print(f"  {'all pages':16}{len(every):>8}{statistics.median(every):>9.2f}{_percentile(every, 0.95):>9.2f}{max(every):>9.2f}"
              f"{len(errors):>8}{sum(results.reconnected.values()):>13}")
    for error in sorted(set(errors))[:10]:
        print(f"  error: {error}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--port", type=int, default=8700)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages, seconds")
    parser.add_argument("--max-visits", type=int, default=200)
    parser.add_argument("--stop-one", action="store_true", help="stop one server halfway (needs --servers > 1)")
    parser.add_argument("--refresh", action="store_true", help="rebuild the warehouse a third of the way in")
    args = parser.parse_args(argv)

    running = deploy.start(args.servers, args.port, behind_nginx=args.servers > 1)
    results, timers = Results(), []
    try:
        url = running.url if args.servers > 1 else f"http://127.0.0.1:{running.ports[0]}"
        if args.stop_one and args.servers > 1:
            timers.append(_at(args.seconds / 2, lambda: running.stop_server(0), results, f"server on port {running.ports[0]} stopped"))
        if args.refresh:
            from pipelines.build import build

            timers.append(_at(args.seconds / 3, build, results, "warehouse rebuilt and swapped in"))
        started = time.perf_counter()
        asyncio.run(_drive(url, args.sessions, args.seconds, args.max_visits, args.think, results))
        elapsed = time.perf_counter() - started
        if args.servers > 1:
            results.events.append(f"websocket sessions per server (nginx): {running.websockets_by_server()}")
    finally:
        for timer in timers:
            timer.cancel()
            timer.join()
        running.close()
    report(results, f"{args.sessions} sessions, {args.servers} server(s){' behind nginx' if args.servers > 1 else ''}, "
                    f"{elapsed:.0f} s, think time {args.think:.1f} s"
                    f"{', one server stopped halfway' if args.stop_one else ''}{', warehouse refreshed' if args.refresh else ''}")


if __name__ == "__main__":
    main()
