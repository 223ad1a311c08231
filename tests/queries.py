"""What the query-counting tests count: statements that read or write, not transaction control.

Under ``ATOMIC_REQUESTS`` (PostgreSQL) a request runs in an atomic block, which inside a test's own
transaction is a savepoint and its release: two statements on every request, even one that reads
nothing.
"""

#: Not queries: the savepoints of atomic blocks.
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
#: What a write looks like (a savepoint is not one).
WRITES = ("INSERT", "UPDATE", "DELETE")


def statements(captured):
    """The SQL of the captured queries that read or write (``CaptureQueriesContext``, or the
    context of ``django_assert_max_num_queries``)."""
    return [q["sql"] for q in captured if not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)]


def writes(captured):
    return [sql for sql in statements(captured) if sql.lstrip().upper().startswith(WRITES)]
