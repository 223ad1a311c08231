"""Registry sync at national scale: a full sync of the export from the stand-in registry over
HTTP, then an incremental sync of 200 changes. Prints wall time and queries per certificate.

    DATABASE_URL=… python bench/sync_bench.py bench/out/registry-20000.json
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from catalog.registry.client import RegistryClient  # noqa: E402
from catalog.registry.standin import StandInRegistry  # noqa: E402
from catalog.registry.sync import HttpSource, run_sync  # noqa: E402


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_sync(registry):
    counter = QueryCounter()
    with connection.execute_wrapper(counter), RegistryClient(registry.url, registry.token) as client:
        start = time.perf_counter()
        run = run_sync(HttpSource(client), triggered_by="benchmark")
        seconds = time.perf_counter() - start
    records = run.counts.get("records", 0)
    return run, seconds, counter.count, records


def main(path):
    records = json.loads(Path(path).read_text("utf-8"))
    with StandInRegistry(records, page_size=500) as registry:
        run, seconds, queries, n = timed_sync(registry)
        print(
            f"full sync: {n} certificates in {seconds:.1f} s, {queries / max(n, 1):.2f} queries/certificate, "
            f"outcome {run.outcome}, {run.pages} pages"
        )
        changed = records[-200:]
        for i, record in enumerate(changed):  # 200 changes: new stars or a new decision, updated now
            record["stars"] = 4 if record["stars"] == 3 else 3
            record["updated_at"] = f"2026-11-23T0{i // 60 % 10}:{i % 60:02d}:00+07:00"
            registry.upsert(record)
        run, seconds, queries, n = timed_sync(registry)
        print(
            f"incremental sync: {n} certificates in {seconds:.2f} s, {queries / max(n, 1):.2f} queries/certificate, "
            f"outcome {run.outcome}, {run.counts.get('updated')} updated"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/out/registry-20000.json")
