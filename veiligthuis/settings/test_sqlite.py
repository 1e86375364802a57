"""pytest on SQLite, the `make run` demo default: the tests marked `sqlite` (the crawl of every page
per role on the demo data, and the views and services a demo user reaches) run here as well, so the
embedded default cannot silently break. `make test` runs them after the PostgreSQL suite.
"""

import os

# Whatever DATABASE_URL the shell has: this run is about SQLite (an in-memory test database).
os.environ["DATABASE_URL"] = "sqlite:///sqlite-test.db"
os.environ["VT_TEST_SQLITE"] = "true"

from veiligthuis.settings.test import *  # noqa: E402,F403
