"""Two transactions on two real connections (PostgreSQL), the second meant to wait for the
first's lock."""

import threading
import time

from django.db import connection


def lock_waits(first, second, release: threading.Event, finished) -> int:
    """Run ``first`` and ``second`` in two threads (each closes its own connection), then
    watch from this one until a connection waits on a lock or ``finished()`` (at most 10 s);
    then ``release`` the first and join both. Returns how many lock requests were waiting."""
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    waiting = 0
    for _ in range(500):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            waiting = cursor.fetchone()[0]
        if waiting or finished():
            break
        time.sleep(0.02)
    release.set()
    for thread in threads:
        thread.join(15)
    return waiting
