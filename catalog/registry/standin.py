"""A stand-in for the national registry's JSON API (docs/registry-formats.md), for tests and the
demo: it serves records over real HTTP, pages them through ``next``, and can be told to fail
(errors, 429 with Retry-After, hangs, dropped connections, broken pages, bad credentials, answers
that end before their ``count`` or send ``next`` to another server).

Each request is recorded as ``Request(page, since, status, authorization)``."""

import json
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlencode, urlparse


class Request(NamedTuple):
    page: int
    since: str | None
    status: int | str  # the HTTP status answered, or "dropped"
    authorization: str | None  # the Authorization header as received


class StandInRegistry:
    def __init__(self, records=(), token="test-token", page_size=100):
        self.records = list(records)
        self.token = token
        self.page_size = page_size
        self.requests = []  # Request(page, since, status, authorization)
        self.faults = []  # [kind, page or None, times, argument]
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # --- data -----------------------------------------------------------------------
    def set_records(self, records):
        self.records = list(records)

    def upsert(self, record):
        self.records = [r for r in self.records if r["certificate_code"] != record["certificate_code"]] + [record]

    # --- faults: each applies to the next matching request(s), ``times`` times ------
    def fail(self, status=500, page=None, times=1):
        self.faults.append(["status", page, times, status])

    def rate_limit(self, retry_after=1, page=None, times=1):
        self.faults.append(["rate_limit", page, times, retry_after])

    def hang(self, seconds, page=None, times=1):
        self.faults.append(["hang", page, times, seconds])

    def drop_connection(self, page=None, times=1):
        self.faults.append(["drop", page, times, None])

    def invalid_json(self, page=None, times=1):
        self.faults.append(["invalid_json", page, times, None])

    def malformed_page(self, page=None, times=1):
        self.faults.append(["malformed", page, times, None])

    def respond_empty(self, times=1):
        self.faults.append(["empty", None, times, None])

    def end_early(self, page, times=1):
        """Answer ``page`` as the last one (no ``next``), whatever ``count`` says."""
        self.faults.append(["end", page, times, None])

    def announce(self, count, page=None, times=1):
        """Announce ``count`` records instead of the true number."""
        self.faults.append(["announce", page, times, count])

    def next_to(self, base_url, page=None, times=1):
        """Link ``next`` to the same path on another server, ``base_url``."""
        self.faults.append(["next_to", page, times, base_url])

    def reset_faults(self):
        self.faults = []

    def _take_fault(self, page):
        with self._lock:
            for fault in self.faults:
                if fault[2] > 0 and fault[1] in (None, page):
                    fault[2] -= 1
                    return fault[0], fault[3]
        return None, None

    # --- the API ----------------------------------------------------------------------
    def page_of(self, updated_since, page, page_size):
        chosen = sorted(
            (r for r in self.records if not updated_since or _moment(r["updated_at"]) >= updated_since),
            key=lambda r: (_moment(r["updated_at"]), r["certificate_code"]),
        )
        start = (page - 1) * page_size
        return chosen[start : start + page_size], len(chosen), start + page_size < len(chosen)


def _moment(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _handler(registry):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urlparse(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            page = int(query.get("page", 1))
            since = query.get("updated_since")
            status = self.answer(url.path, query, page, since)
            registry.requests.append(Request(page, since, status, self.headers.get("Authorization")))

        def answer(self, path, query, page, since):
            if self.headers.get("Authorization") != f"Bearer {registry.token}":
                return self.send_json(401, {"detail": "Authentication credentials were not provided or are invalid."})
            if path.rstrip("/") != "/certificates":
                return self.send_json(404, {"detail": "Not found."})
            kind, argument = registry._take_fault(page)
            if kind == "status":
                return self.send_json(argument, {"detail": "Registry error."})
            if kind == "rate_limit":
                return self.send_json(429, {"detail": "Slow down."}, {"Retry-After": str(argument)})
            if kind == "hang":
                time.sleep(argument)
            if kind == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return "dropped"
            if kind == "invalid_json":
                return self.send_raw(200, b'{"count": 3, "results": [{"certificate_code": ')
            if kind == "malformed":
                return self.send_json(200, {"count": 1, "results": "not a list"})
            if kind == "empty":
                return self.send_json(200, {"count": 0, "next": None, "results": []})
            size = int(query.get("page_size", registry.page_size))
            results, count, more = registry.page_of(since and _moment(since), page, size)
            if kind == "announce":
                count = argument
            next_url = None
            if more and kind != "end":
                params = {k: v for k, v in query.items() if k != "page"} | {"page": page + 1}
                base = argument if kind == "next_to" else registry.url
                next_url = f"{base}/certificates?{urlencode(params)}"
            return self.send_json(200, {"count": count, "next": next_url, "results": results})

        def send_json(self, status, data, headers=None):
            return self.send_raw(status, json.dumps(data, ensure_ascii=False).encode(), headers)

        def send_raw(self, status, body, headers=None):
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            return status

    return Handler
