"""CPU time per request, measured in this process with Django's test client: what a server
worker spends on a page, hardly changed by other processes using the machine (unlike requests/s).

    DJANGO_SETTINGS_MODULE=bench.floor.settings python -c \
        "import django; django.setup(); from bench.cputime import floor; floor()"
"""

import gc
import time
from statistics import median


def cpu_ms(client, path, repeat=30):
    """Median CPU milliseconds of one warm request of ``path`` over five rounds. What is loaded
    by then is frozen out of the garbage collector, as gunicorn.conf.py does in the server before
    forking its workers (else a full collection over Django's, Oscar's and Wagtail's objects
    now and then is counted against whichever page triggers it)."""
    for _ in range(3):
        client.get(path)
    gc.collect()
    gc.freeze()
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(repeat // 5):
            client.get(path)
        rounds.append((time.process_time() - start) / (repeat // 5) * 1000)
    return median(rounds)


def floor():
    """Prints the floor's template page (a template with one query) in CPU ms."""
    from django.test import Client

    print(f"{cpu_ms(Client(HTTP_HOST='127.0.0.1'), '/template/', repeat=200):.2f}")
