"""Celery app for the worker-kill test (test_werker_dood.py): the project's app and settings,
plus one task that is killed on its first run.

Only the worker subprocess of that test shortens the Redis visibility timeout (production waits
15 minutes before an unacknowledged task is handed out again; a test cannot).
"""

import os
import time

import redis

from veiligthuis.celery import app

if os.environ.get("VT_WERKER_DOOD_ZICHTBAAR"):
    app.conf.broker_transport_options = {
        **(app.conf.broker_transport_options or {}),
        "visibility_timeout": int(os.environ["VT_WERKER_DOOD_ZICHTBAAR"]),
        # kombu looks for expired unacknowledged tasks every 10 s, scanning every 10th look.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


@app.task(name="tests.werker_dood.stap")
def stap(sleutel: str) -> None:
    """Count starts and completions in Redis; the first run waits to be killed."""
    teller = redis.Redis.from_url(app.conf.broker_url)
    if teller.incr(f"{sleutel}:gestart") == 1:
        time.sleep(120)
    teller.incr(f"{sleutel}:klaar")
