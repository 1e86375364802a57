import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from tests.factories import MedewerkerFactory, TeamFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A test database is reset between transactional tests with TRUNCATE, which the audit
    log's trigger refuses (veiligthuis migration 0006) unless `veiligthuis.audit_wissen` is
    'ja': the test database, and only it, has that as its default."""
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            naam = connection.settings_dict["NAME"]
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER DATABASE \"{naam}\" SET veiligthuis.audit_wissen = 'ja'")
            connection.close()  # the next connection starts with the new default


@pytest.fixture(autouse=True)
def _lege_cache():
    """Each test rolls the database back, change counters included: a counter value can come
    round again in the next test, so what one test cached must not reach another (the shared
    cache and each process-memory one, such as the dossier's)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def team(db):
    return TeamFactory(naam="Team Den Haag Centrum")


@pytest.fixture
def ander_team(db):
    return TeamFactory(naam="Team Zoetermeer")


@pytest.fixture
def onderzoeker(team):
    return MedewerkerFactory(team=team, rollen=["onderzoeker"], username="onderzoeker1")


@pytest.fixture
def collega(team):
    return MedewerkerFactory(team=team, rollen=["onderzoeker"], username="onderzoeker2")


@pytest.fixture
def werkbegeleider(team):
    return MedewerkerFactory(team=team, rollen=["werkbegeleider"], username="werkbegeleider1")


@pytest.fixture
def gedragswetenschapper(team):
    return MedewerkerFactory(team=team, rollen=["gedragswetenschapper"], username="gw1")


@pytest.fixture
def onderzoeker_ander_team(ander_team):
    return MedewerkerFactory(team=ander_team, rollen=["onderzoeker"], username="onderzoeker9")


@pytest.fixture
def directie(db):
    return MedewerkerFactory(team=None, rollen=["directie"], username="directie1")


@pytest.fixture
def beheer(db):
    return MedewerkerFactory(team=None, rollen=["beheer"], username="beheer1")


def pytest_terminal_summary(terminalreporter):
    """The crawl test reports how many distinct URL patterns it visited per role."""
    from tests.crawl import samenvatting

    regels = samenvatting()
    if regels:
        terminalreporter.section("crawl per rol")
        for regel in regels:
            terminalreporter.write_line(regel)


@pytest.fixture
def bijlagenmap(settings, tmp_path):
    """Dossier documents of one test in a directory of its own (what is stored, and only that)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "bijlagen": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "bijlagen"), "base_url": None},
        },
    }
    return tmp_path / "bijlagen"
