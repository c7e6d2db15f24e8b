"""gunicorn for Värn in production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

`make load` serves with this file too (adding only its own address, certificate and access log), so
what is measured is what is deployed. Each value can be set from the environment; see
docs/operations.md ("Web server") for how to size it."""

import os
from pathlib import Path

bind = os.environ.get("VARN_WEB_BIND", "127.0.0.1:8000")
# Processes: each has its own Python, so they use the cores; about one per core. Threads: within a
# process they overlap only while one waits on the database or the network, which is why a few
# help (PostgreSQL round trips, SQLite reads) and many do not (they queue for the same interpreter).
workers = int(os.environ.get("VARN_WEB_WORKERS", "2"))
threads = int(os.environ.get("VARN_WEB_THREADS", "4"))
worker_class = "gthread"
# Django and Värn are imported once, before the workers fork: a worker (also one restarted after a
# crash) answers its first request without first spending seconds importing, and the imported
# code is shared between the processes' memory.
preload_app = True
# Longer than any client or proxy keeps an idle connection open to reuse it (nginx upstream
# keepalive 60 s, browsers ~60 s): otherwise gunicorn may close a connection just as the client
# sends its next request on it, which fails without ever reaching Värn.
keepalive = int(os.environ.get("VARN_WEB_KEEPALIVE", "75"))
# The workers' heartbeat files in memory, not on a disk that may stall under load.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"
accesslog = os.environ.get("VARN_WEB_ACCESS_LOG", "-")
