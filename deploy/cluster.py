"""Run the dashboard as several Streamlit processes behind nginx, all reading one warehouse.

    python -m deploy.cluster --servers 3 --port 8600      # until Ctrl-C; loopback only

Starts `streamlit run app.py` on ports port+1 .. port+N (127.0.0.1), waits until each
answers /_stcore/health, then nginx on `port` with deploy/nginx.conf.template (sticky sessions
by a route cookie, websocket upgrade, passive health checks). Every process opens the same
warehouse file read-only; a build or an upload writes a new file and swaps it in with
os.replace, and each process's next query opens the new file (lmi/warehouse.py), so nobody reads
half a warehouse. All processes share one cookie secret (for the XSRF check of uploads and for
sign-in cookies, whichever server a request reaches).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import settings

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = "/usr/sbin/nginx"


@dataclass
class Cluster:
    """The running processes: servers[i] listens on ports[i]; nginx on `port`."""

    port: int
    ports: list[int]
    servers: list[subprocess.Popen]
    prefix: Path
    nginx: subprocess.Popen | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop_server(self, index: int) -> None:
        """Stop one Streamlit process (as a crash or a rolling restart would)."""
        _stop(self.servers[index])

    def start_server(self, index: int) -> None:
        self.servers[index] = _streamlit(self.ports[index], self.env)
        wait_healthy(f"http://127.0.0.1:{self.ports[index]}")

    def websockets_by_server(self) -> dict[str, int]:
        """How many websocket sessions nginx sent to each server (from its access log; a session that
        reconnected counts once per server it reached)."""
        counts: dict[str, int] = {}
        log = self.prefix / "access.log"
        for line in log.read_text().splitlines() if log.exists() else []:
            if "/_stcore/stream" in line:  # ... "GET /_stcore/stream HTTP/1.1" 101 127.0.0.1:8601, 127.0.0.1:8602 route=...
                tried = line.split('" ', 1)[1].split(" route=")[0].split(" ", 1)[1]
                upstream = tried.split(", ")[-1]  # the server that answered, after any that refused
                counts[upstream] = counts.get(upstream, 0) + 1
        return counts

    def close(self) -> None:
        if self.nginx:
            subprocess.run([NGINX, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-s", "quit"],
                           capture_output=True, timeout=20)
            _stop(self.nginx)
        for server in self.servers:
            _stop(server)
        shutil.rmtree(self.prefix, ignore_errors=True)


def start(servers: int = 3, port: int = 8600, env: dict[str, str] | None = None, behind_nginx: bool = True) -> Cluster:
    """Start `servers` Streamlit processes (and nginx in front of them when behind_nginx)."""
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32), **(env or {})}
    prefix = Path(tempfile.mkdtemp(prefix="pesnet-nginx-"))
    ports = [port + 1 + number for number in range(servers)] if behind_nginx else [port]
    cluster = Cluster(port=port, ports=ports, servers=[], prefix=prefix, env=env)
    try:
        cluster.servers = [_streamlit(server_port, env) for server_port in ports]
        for server_port in ports:
            wait_healthy(f"http://127.0.0.1:{server_port}")
        if behind_nginx:
            upstreams = "\n".join(f"        server 127.0.0.1:{server_port} max_fails=1 fail_timeout=10s;" for server_port in ports)
            (prefix / "nginx.conf").write_text(TEMPLATE.read_text().format(prefix=prefix, listen=f"127.0.0.1:{port}", servers=upstreams))
            subprocess.run([NGINX, "-t", "-q", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], check=True, timeout=20)
            cluster.nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            wait_healthy(cluster.url)
    except BaseException:
        cluster.close()
        raise
    return cluster


def wait_healthy(url: str, timeout: float = 90) -> None:
    """Until `url`/_stcore/health answers 200 (bounded in time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy in {timeout:.0f} s")


def _streamlit(port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=settings.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8600)
    args = parser.parse_args(argv)
    if not settings.warehouse_path().exists():
        sys.exit("build the warehouse first: python -m pipelines build")
    cluster = start(args.servers, args.port)
    print(f"{args.servers} servers on ports {cluster.ports[0]}-{cluster.ports[-1]} behind nginx at {cluster.url} (Ctrl-C stops all)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(server.poll() is None for server in cluster.servers):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
