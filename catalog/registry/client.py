"""The national registry's paged JSON API (docs/registry-formats.md, part 1), over httpx.

Pages are followed through ``next``, but only on the registry's own scheme, host and port: the
bearer token goes nowhere else. Connection errors, timeouts, dropped connections,
429 and 5xx answers and unreadable pages are retried with exponential backoff and full
jitter, honouring ``Retry-After``; 401/403 stop at once with a clear message.
"""

import email.utils
import logging
import random
import time
from dataclasses import dataclass

import httpx

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}


class RegistryError(Exception):
    """The registry could not be read (after retries); nothing of the failing page was applied."""


class RegistryAuthError(RegistryError):
    """The registry refused our credentials (401/403): retrying will not help."""


@dataclass
class Page:
    number: int
    url: str
    count: int | None
    results: list
    next_url: str | None


class RegistryClient:
    def __init__(
        self,
        base_url,
        token="",
        *,
        connect_timeout=5.0,
        read_timeout=30.0,
        max_attempts=6,
        backoff=1.0,
        max_backoff=60.0,
        sleep=time.sleep,
        transport=None,
    ):
        self.base_url = base_url.rstrip("/")
        self.origin = _origin(httpx.URL(self.base_url))
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        headers = {"Accept": "application/json", "User-Agent": "ocop-marketplace-sync"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            transport=transport,
            follow_redirects=True,
        )

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def pages(self, updated_since=None):
        """Yield every page of certificates changed since ``updated_since`` (None: all)."""
        params = {"updated_since": updated_since.isoformat()} if updated_since else {}
        url = str(httpx.URL(f"{self.base_url}/certificates", params=params))
        number = 1
        while url:
            page = self.fetch(url, number)
            yield page
            url, number = page.next_url, number + 1

    def fetch(self, url, number):
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._fetch_once(url, number)
            except _Retryable as problem:
                if attempt == self.max_attempts:
                    raise RegistryError(
                        f"page {number} ({url}): {problem.reason}, still failing after {attempt} attempts"
                    ) from problem
                delay = problem.retry_after if problem.retry_after is not None else self._backoff(attempt)
                log.warning(
                    "Registry page %s: %s; retrying in %.1f s (attempt %s)", number, problem.reason, delay, attempt
                )
                self.sleep(delay)
        raise AssertionError("unreachable")

    def _backoff(self, attempt):
        return random.uniform(0, min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))

    def _fetch_once(self, url, number):
        try:
            response = self.http.get(url)
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as e:
            raise _Retryable(f"{type(e).__name__}: {e or 'no answer'}") from e
        if response.status_code in (401, 403):
            raise RegistryAuthError(
                f"the registry refused our credentials ({response.status_code}) at {url}: check REGISTRY_TOKEN"
            )
        if response.status_code in RETRY_STATUSES:
            raise _Retryable(f"HTTP {response.status_code}", _retry_after(response, self.max_backoff))
        if response.status_code != 200:
            raise RegistryError(f"page {number} ({url}): unexpected HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as e:
            raise _Retryable("the answer is not valid JSON") from e
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise RegistryError(f"page {number} ({url}): malformed page, expected an object with a 'results' list")
        next_url = data.get("next")
        if next_url is not None and not isinstance(next_url, str):
            raise RegistryError(f"page {number} ({url}): malformed 'next' link {next_url!r}")
        if next_url:
            next_url = str(httpx.URL(url).join(next_url))
            if _origin(httpx.URL(next_url)) != self.origin:
                raise RegistryError(
                    f"page {number} ({url}): its 'next' link to {next_url} leaves the registry at {self.base_url}; "
                    "not followed, so that the token is sent nowhere else"
                )
        count = data.get("count") if isinstance(data.get("count"), int) else None
        return Page(number=number, url=url, count=count, results=data["results"], next_url=next_url)


def _origin(url):
    """Scheme, host and port (httpx leaves a scheme's default port out, so :443 and none compare equal)."""
    return url.scheme, url.host, url.port


class _Retryable(Exception):
    def __init__(self, reason, retry_after=None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _retry_after(response, cap):
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return min(float(value), cap)
    try:  # an HTTP date
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(0.0, moment.timestamp() - time.time()), cap)
