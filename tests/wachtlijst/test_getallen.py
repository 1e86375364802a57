"""`een_decimaal` shows exactly what `floatformat:1|default:"—"` showed on the dashboard."""

import pytest
from django.template import engines
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from wachtlijst.templatetags.getallen import een_decimaal

OUD = engines["django"].from_string('{{ w|floatformat:1|default:"—" }}')


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [
        (None, "—"),
        ("", "—"),
        (0, "0,0"),
        (0.0, "0,0"),
        (3, "3,0"),
        (12.3, "12,3"),
        (1234.5, "1234,5"),
    ],
)
def test_een_decimaal(waarde, tekst):
    with translation.override("nl"):
        assert een_decimaal(waarde) == tekst


@pytest.mark.parametrize("taal", ["nl", "en"])
@hypothesis_settings(max_examples=200, deadline=None)
@given(dagen=st.integers(min_value=-500, max_value=99_999).map(lambda n: round(n / 10, 1)))
def test_een_decimaal_gelijk_aan_floatformat(taal, dagen):
    """The values the dashboard shows are already rounded to one decimal (`cijfers.dagen`)."""
    with translation.override(taal):
        assert een_decimaal(dagen) == OUD.render({"w": dagen})
