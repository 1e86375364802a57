"""Klachten and a calamiteit for the inspectiedossier (issue 16), in the team of the demo logins.

A handful of records in every state that matters for the figures: klachten afgehandeld within
and outside their termijn (one after a verlenging), one open and one just received; and one
calamiteit reported in time whose analysis runs. Dates follow from `ctx.nu`, choices from
`ctx.rng`. Built last, after every other random draw, so the cases stay what they were; written
directly like the rest of the demo (the services' rules hold: each record is a state a service
sequence could have left).
"""

from __future__ import annotations

from datetime import datetime

from demo.basis import DAG, UUR, Context
from demo.organisatie import Organisatie
from diensten.models import Vervolgdienst
from meldingen.models import Melding
from veiligthuis import termijnen
from veiligthuis.models import Rol
from verantwoording.models import Calamiteit, CalamiteitStap, Klacht, KlachtStap

KLACHTEN = (
    # (onderwerp, relatie, dagen geleden ontvangen, eindstatus, oordeel, verlengd, omschrijving)
    (
        "melding",
        "ouder",
        70,
        "afgehandeld",
        "ongegrond",
        False,
        "Vader vindt dat Veilig Thuis alleen naar de moeder heeft geluisterd.",
    ),
    (
        "dienst",
        "directbetrokkene",
        90,
        "afgehandeld",
        "deels_gegrond",
        True,
        "Het onderzoek duurde lang en ik hoorde weken niets.",
    ),
    (
        "algemeen",
        "anders",
        12,
        "bevestigd",
        "",
        False,
        "De telefoon werd 's avonds pas na lang wachten opgenomen.",
    ),
    (
        "melding",
        "melder",
        2,
        "ontvangen",
        "",
        False,
        "Als melder heb ik geen terugkoppeling gekregen.",
    ),
)


def _stap(klacht: Klacht, van: str, naar: str, door, op: datetime, toelichting: str = "") -> None:
    KlachtStap.objects.create(
        klacht=klacht, van=van, naar=naar, door=door, op=op, toelichting=toelichting
    )


def _klacht(ctx: Context, behandelaar, melding, dienst, regel) -> Klacht:
    onderwerp, relatie, dagen, status, oordeel, verlengd, tekst = regel
    ontvangen = ctx.nu - dagen * DAG - ctx.duur(UUR, 6 * UUR)
    termijn = termijnen.termijn_klacht(ontvangen)
    if verlengd:
        termijn = termijnen.verleng_termijn_klacht(termijn)
    bevestigd = ontvangen + ctx.duur(UUR, 2 * DAG) if status != "ontvangen" else None
    afgehandeld = None
    if status == "afgehandeld":
        # The verlengde klacht was handled a few days too late, the other within its weeks.
        afgehandeld = termijn + 3 * DAG if verlengd else ontvangen + ctx.duur(20 * DAG, 35 * DAG)
    klacht = Klacht.objects.create(
        nummer=ctx.volgend_nummer("KL", ontvangen),
        status=status,
        melding=melding if onderwerp != "algemeen" else None,
        dienst=dienst if onderwerp == "dienst" else None,
        team=melding.team if onderwerp != "algemeen" else None,
        indiener_naam=ctx.faker.name(),
        indiener_relatie=relatie,
        omschrijving=tekst,
        ontvangen_op=ontvangen,
        termijn=termijn,
        verlengd_op=ontvangen + 30 * DAG if verlengd else None,
        verlengingsreden="Indiener was enkele weken niet bereikbaar." if verlengd else "",
        vertrouwenspersoon_geinformeerd_op=bevestigd,
        bevestigd_op=bevestigd,
        gesprek_op=afgehandeld - 7 * DAG if afgehandeld else None,
        gesprek_verslag="Klacht besproken met de indiener en de medewerker." if afgehandeld else "",
        oordeel=oordeel,
        oordeel_onderbouwing="Zie het verslag van het gesprek." if oordeel else "",
        oordeel_op=afgehandeld - DAG if afgehandeld else None,
        maatregelen="Terugbelafspraak binnen twee werkdagen in de werkinstructie."
        if oordeel == "deels_gegrond"
        else "",
        afgehandeld_op=afgehandeld,
        behandelaar=behandelaar,
        geregistreerd_door=behandelaar,
    )
    _stap(klacht, "", "ontvangen", behandelaar, ontvangen, "Geregistreerd")
    if bevestigd:
        _stap(klacht, "ontvangen", "bevestigd", behandelaar, bevestigd)
    if afgehandeld:
        _stap(klacht, "bevestigd", "gesprek", behandelaar, klacht.gesprek_op)
        _stap(klacht, "gesprek", "beoordeeld", behandelaar, klacht.oordeel_op)
        _stap(klacht, "beoordeeld", "afgehandeld", behandelaar, afgehandeld)
    return klacht


def maak_klachten_en_calamiteit(ctx: Context, org: Organisatie) -> tuple[int, int]:
    """Four klachten and one calamiteit in the demo regiomanager's team; (klachten, calamiteiten)."""
    behandelaar = org.demo[Rol.REGIOMANAGER]
    team = behandelaar.team
    diensten = list(
        Vervolgdienst.objects.filter(melding__team=team, besluit_op__lt=ctx.nu - 100 * DAG)
        .select_related("melding__team")
        .order_by("pk")[:50]
    )
    meldingen = list(
        Melding.objects.filter(team=team, besluit__isnull=False, vervolgdienst__isnull=True)
        .select_related("team")
        .order_by("pk")[:200]
    )
    if not diensten or len(meldingen) < 4:
        return 0, 0
    for regel in KLACHTEN:
        if regel[0] == "dienst":
            dienst = ctx.kies(diensten)
            melding = dienst.melding
        else:
            melding, dienst = ctx.kies(meldingen), None
        _klacht(ctx, behandelaar, melding, dienst, regel)

    kennisname = ctx.nu - 20 * DAG - ctx.duur(UUR, 5 * UUR)
    gemeld = kennisname + 2 * DAG
    termijn_melding = termijnen.termijn_melding_calamiteit(kennisname, kalender=ctx.kalender)
    gemeld = min(gemeld, termijn_melding - UUR)
    calamiteit = Calamiteit.objects.create(
        nummer=ctx.volgend_nummer("CAL", kennisname),
        status="analyse",
        soort="calamiteit",
        team=team,
        omschrijving="Kind met ernstig letsel op de SEH terwijl het gezin op de triagelijst stond.",
        kennisname_op=kennisname,
        termijn_melding=termijn_melding,
        gemeld_op=gemeld,
        kenmerk_igj=f"IGJ-{ctx.rng.randrange(10_000, 99_999)}",
        termijn_rapport=termijnen.termijn_rapport_calamiteit(gemeld),
        analyse_gestart_op=gemeld + DAG,
        geregistreerd_door=behandelaar,
    )
    calamiteit.meldingen.set([ctx.kies(meldingen)])
    for van, naar, op in (
        ("", "geregistreerd", kennisname + UUR),
        ("geregistreerd", "gemeld", gemeld),
        ("gemeld", "analyse", gemeld + DAG),
    ):
        CalamiteitStap.objects.create(
            calamiteit=calamiteit, van=van, naar=naar, door=behandelaar, op=op
        )
    return len(KLACHTEN), 1
