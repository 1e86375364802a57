"""pytest on SQLite, the `make run` demo default. `make test` runs the suite a second time with
these settings (without the browser, broker and PostgreSQL-only tests), so the embedded default
cannot silently break: the crawl of every page per role on the demo data, and every view, service
and API test a demo user's actions go through.
"""

import os

# Whatever DATABASE_URL the shell has: this run is about SQLite (an in-memory test database).
os.environ["DATABASE_URL"] = "sqlite:///sqlite-test.db"
os.environ["VT_TEST_SQLITE"] = "true"

from veiligthuis.settings.test import *  # noqa: E402,F403

# A PostgreSQL replica has nothing to mirror here.
DATABASES.pop("replica", None)  # noqa: F405
