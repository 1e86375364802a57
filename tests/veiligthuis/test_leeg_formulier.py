"""`LeegFormulier`: the dossier's empty forms rendered once per process, the same HTML as the form."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.template import Context, Template

from meldingen.forms.bijlagen import BijlageForm
from meldingen.views.dossier import FORMULIEREN
from veiligthuis.formulieren import LeegFormulier

LEGE = [
    (naam, klasse, prefix)
    for naam, (klasse, prefix) in FORMULIEREN.items()
    if naam != "consult_form"
]


@pytest.mark.parametrize(("naam", "klasse", "prefix"), LEGE, ids=[n for n, _k, _p in LEGE])
def test_elk_veld_is_dezelfde_html_als_het_echte_formulier(naam, klasse, prefix):
    echt = klasse(prefix=prefix)
    leeg = LeegFormulier(klasse, prefix=prefix)
    for veld in klasse.base_fields:
        assert leeg[veld].as_field_group() == echt[veld].as_field_group()
        # The second time from memory, still the same.
        assert leeg[veld].as_field_group() == echt[veld].as_field_group()


def test_in_een_template_zoals_het_formulier():
    sjabloon = Template(
        "{% if f %}ja{% endif %}|{% if f.errors %}fout{% endif %}|{{ f.non_field_errors }}|"
        "{% if f.zonder_persoonsgegevens %}extra{% endif %}|{{ f.bron.as_field_group }}"
    )
    leeg = sjabloon.render(Context({"f": LeegFormulier(BijlageForm, prefix="bijlage")}))
    echt = sjabloon.render(Context({"f": BijlageForm(prefix="bijlage")}))
    assert leeg == echt
    assert leeg.startswith("ja|||")  # no errors, no field the form does not declare


def test_een_nieuwe_dag_geeft_de_datum_van_vandaag():
    with time_machine.travel(date(2026, 3, 2)):
        eerste = LeegFormulier(BijlageForm, prefix="bijlage")["datum"].as_field_group()
    with time_machine.travel(date(2026, 3, 3)):
        tweede = LeegFormulier(BijlageForm, prefix="bijlage")["datum"].as_field_group()
    assert 'value="2026-03-02"' in eerste
    assert 'value="2026-03-03"' in tweede
