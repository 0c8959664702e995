"""Gunicorn's configuration for `make run` and production (`gunicorn -c config/gunicorn.py
config.wsgi:application`). Each value can be changed from the environment.

Worker processes (EQIAO_WEB_WORKERS, default: one per CPU core) each serve
EQIAO_WEB_THREADS requests at once (default 4): Python runs one thread at a time per
process, so processes use the cores, and threads cover the waits (database, disk). Every
thread keeps its own database connection, so a PostgreSQL server must allow
workers × threads connections, plus the background worker's and the scheduler's, per
machine (its default max_connections is 100).

The application is loaded once, before the workers fork (`preload_app`): the text engine's
models are read then (config.wsgi) and shared by the workers, and no request pays for them.
"""

import os

bind = os.environ.get("EQIAO_WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("EQIAO_WEB_WORKERS", os.cpu_count() or 2))
threads = int(os.environ.get("EQIAO_WEB_THREADS", 4))
worker_class = "gthread"
preload_app = True
# Idle keep-alive connections are held by a thread's event loop, not by a thread.
keepalive = 5
# A request still running after this is killed with its worker (a stuck provider call
# must not hold a worker forever; every outside call has its own, shorter timeout).
timeout = int(os.environ.get("EQIAO_WEB_TIMEOUT", 60))
graceful_timeout = 10
# Restart a worker now and then, so a slow leak cannot grow without bound (0: never; the
# load benchmark's setting, whose CPU meter cannot see a worker that exits during a run).
max_requests = int(os.environ.get("EQIAO_WEB_MAX_REQUESTS", 20000))
max_requests_jitter = 2000
accesslog = os.environ.get("EQIAO_WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("EQIAO_WEB_LOG_LEVEL", "warning")


def post_fork(server, worker):
    switch = os.environ.get("EQIAO_WEB_SWITCH_INTERVAL")
    if switch:
        import sys

        sys.setswitchinterval(float(switch))
    # Nothing opened before the fork may be shared between processes: a database
    # connection used by two processes at once corrupts both sessions.
    from django.db import connections

    connections.close_all()
