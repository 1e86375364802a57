import pytest

from tests.factories import MedewerkerFactory


@pytest.fixture
def opslag(settings, tmp_path):
    """Default storage in a fresh directory, so a test can see every byte that was stored."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path / "media"


@pytest.fixture
def cbs_directie(db):
    return MedewerkerFactory(team=None, rollen=["directie"], username="cbs-directie")
