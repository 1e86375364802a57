"""A few documents per case kind, so the bijlagen show in `make run`: a police zorgmelding on
police meldingen, a school report and a medical letter on meldingen from those melders, a verslag
on vervolgdiensten and a protocol on a named advies.

The PDFs are rendered with WeasyPrint from one small template per kind (no names of the family:
they are examples, and an advies may hold none). Rendering is the slow part (font subsetting,
a tenth of a second each with HarfBuzz, more without), so each kind is rendered once per process and its bytes reused. Every
document still passes `veiligthuis.documenten.keur`, as an upload does.
"""

from __future__ import annotations

import functools
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from demo.basis import Context
from meldingen.keuzes import BijlageOnderdeel, BijlageSoort, Hoedanigheid, Kanaal
from meldingen.models import Advies, Bijlage, Melding
from veiligthuis.documenten import keur, opslag, opslagnaam
from veiligthuis.pdf import html_naar_pdf

PER_SOORT = 3
# Kind → (title, source, text) of the example document.
VOORBEELDEN = {
    "zorgmelding": (
        "Zorgmelding politie",
        "Politie, basisteam",
        "Na een melding van buren is de politie ter plaatse geweest. Er was sprake van een "
        "hoog opgelopen ruzie tussen de ouders; in de woning waren kinderen aanwezig. De "
        "agenten hebben met beide ouders gesproken en maken zich zorgen over de veiligheid "
        "van de kinderen.",
    ),
    "school": (
        "Verslag intern begeleider",
        "Basisschool",
        "De leerling komt de laatste weken vaak te laat, is moe en teruggetrokken. Twee keer "
        "zagen leerkrachten blauwe plekken op de armen. Met moeder is een gesprek gevoerd; zij "
        "gaf aan dat het thuis onrustig is.",
    ),
    "medisch": (
        "Brief huisarts",
        "Huisartsenpraktijk",
        "Bij het spreekuur zag ik letsel dat niet past bij de uitleg die werd gegeven. Ik heb "
        "mijn zorgen met de ouder besproken en advies gevraagd bij Veilig Thuis.",
    ),
    "dienst": (
        "Verslag huisbezoek",
        "Veilig Thuis",
        "Huisbezoek afgelegd bij het gezin. Met beide ouders en de kinderen gesproken. De "
        "ouders erkennen de zorgen en werken mee aan de veiligheidsafspraken.",
    ),
    "advies": (
        "Meldcode-stappenplan",
        "Huisartsenpraktijk",
        "Het stappenplan van de meldcode zoals de praktijk het hanteert, meegestuurd bij de "
        "adviesvraag. Het document bevat geen gegevens van het gezin.",
    ),
}


@functools.cache
def _pdf(soort: str) -> bytes:
    titel, bron, tekst = VOORBEELDEN[soort]
    html = render_to_string(
        "brieven/voorbeelddocument.html", {"titel": titel, "bron": bron, "tekst": tekst}
    )
    return html_naar_pdf(html)


def _bewaar(soort_voorbeeld: str, soort: str, **velden) -> Bijlage:
    titel, bron, _tekst = VOORBEELDEN[soort_voorbeeld]
    gekeurd = keur(_pdf(soort_voorbeeld), f"{titel}.pdf")
    naam = opslag().save(opslagnaam(gekeurd.inhoud_type), ContentFile(gekeurd.inhoud))
    return Bijlage(
        bestand=naam,
        bestandsnaam=gekeurd.naam,
        inhoud_type=gekeurd.inhoud_type,
        grootte=gekeurd.grootte,
        sha256=gekeurd.sha256,
        soort=soort,
        bron=bron,
        omschrijving=f"{titel} (voorbeelddocument)",
        **velden,
    )


def bouw_documenten(ctx: Context) -> int:
    """Store the example documents; returns how many."""
    open_ = Melding.objects.filter(geanonimiseerd_op__isnull=True).order_by("nummer")
    groepen = [
        (
            "zorgmelding",
            BijlageSoort.ZORGMELDING_POLITIE,
            open_.filter(kanaal=Kanaal.POLITIE_DIGITAAL),
        ),
        (
            "school",
            BijlageSoort.RAPPORT_SCHOOL,
            open_.filter(melder__hoedanigheid__startswith="onderwijs"),
        ),
        ("medisch", BijlageSoort.MEDISCH, open_.filter(melder__hoedanigheid=Hoedanigheid.HUISARTS)),
    ]
    nieuw: list[tuple[Bijlage, object]] = []
    for voorbeeld, soort, meldingen in groepen:
        for melding in meldingen[:PER_SOORT]:
            dag = timezone.localtime(melding.ontvangen_op)
            rij = _bewaar(voorbeeld, soort, melding=melding, datum=dag.date())
            nieuw.append((rij, melding.ontvangen_op + timedelta(hours=2)))
    diensten = open_.filter(vervolgdienst__gestart_op__isnull=False).select_related("vervolgdienst")
    for melding in diensten[:PER_SOORT]:
        gestart = melding.vervolgdienst.gestart_op
        rij = _bewaar(
            "dienst",
            BijlageSoort.VERSLAG,
            melding=melding,
            onderdeel=BijlageOnderdeel.DIENST,
            datum=timezone.localtime(gestart).date(),
            toegevoegd_door=melding.vervolgdienst.uitvoerder,
        )
        nieuw.append((rij, gestart + timedelta(hours=4)))
    adviezen = Advies.objects.filter(~Q(adviesvrager_naam=""), naam_toestemming=True)
    for advies in adviezen.order_by("nummer")[:PER_SOORT]:
        rij = _bewaar(
            "advies",
            BijlageSoort.VERSLAG,
            advies=advies,
            datum=timezone.localtime(advies.ontvangen_op).date(),
            toegevoegd_door=advies.gegeven_door,
        )
        nieuw.append((rij, advies.ontvangen_op + timedelta(hours=1)))
    opgeslagen = Bijlage.objects.bulk_create([rij for rij, _op in nieuw])
    # When each was added: on the day of the case, not the day the demo was built.
    for rij, (_zelfde, op) in zip(opgeslagen, nieuw, strict=True):
        rij.toegevoegd_op = min(op, ctx.nu)
    Bijlage.objects.bulk_update(opgeslagen, ["toegevoegd_op"])
    return len(opgeslagen)
