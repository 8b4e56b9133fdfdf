"""The one HTTP session of the write side: the only place that touches the network.

Timeouts on every request; retries with exponential backoff on connection errors and 5xx;
a 429's Retry-After honoured (urllib3 `Retry`, `respect_retry_after_header`); a user agent naming
the project; proxies from the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY: requests reads them,
`trust_env`). Fetchers call `get()` and get the body as bytes, or a FetchError saying what failed.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

import settings

USER_AGENT = "OIC-PESNET-LMI-dashboard/1.0 (labour market dashboard of the OIC Public Employment Services Network; SESRIC)"
RETRY_STATUSES = (429, 500, 502, 503, 504)


class FetchError(Exception):
    """A request failed after its retries, or its answer is not what the publisher's API sends."""

    def __init__(self, url: str, message: str):
        self.url = url
        self.message = message
        super().__init__(f"{url}: {message}")


def session(retries: int | None = None, backoff: float | None = None) -> requests.Session:
    """A session that retries what is worth retrying and sends the project's user agent."""
    retry = Retry(
        total=settings.http_retries() if retries is None else retries,
        connect=None, read=None,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        backoff_factor=settings.http_backoff() if backoff is None else backoff,
        backoff_max=120,
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    http.trust_env = True  # proxies and certificates from the environment (the default, said out loud)
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("https://", adapter)
    http.mount("http://", adapter)
    return http


def get(http: requests.Session, url: str, params: dict | None = None, timeout: float | None = None) -> tuple[bytes, int, str]:
    """(body, status, final URL) of a GET that ended in 200; anything else is a FetchError."""
    timeout = settings.http_timeout() if timeout is None else timeout
    try:
        response = http.get(url, params=params, timeout=(timeout, timeout))
    except requests.exceptions.RetryError as err:
        raise FetchError(url, f"gave up after {settings.http_retries()} retries: {_reason(err)}") from None
    except requests.exceptions.Timeout:
        raise FetchError(url, f"no answer within {timeout:g} s (after retries)") from None
    except requests.exceptions.ConnectionError as err:
        reason = _reason(err)
        if "timed out" in reason.lower():
            raise FetchError(url, f"no answer within {timeout:g} s, {settings.http_retries()} retries included: {reason}") from None
        raise FetchError(url, f"cannot connect ({settings.http_retries()} retries included): {reason}") from None
    except requests.exceptions.RequestException as err:
        raise FetchError(url, str(err)) from None
    if response.status_code != 200:
        raise FetchError(response.url, f"HTTP {response.status_code} {response.reason} (after retries)")
    return response.content, response.status_code, response.url


def _reason(err: Exception) -> str:
    reason = err.args[0] if err.args else err
    return str(getattr(reason, "reason", reason))
