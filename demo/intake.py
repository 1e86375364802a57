"""Intake as the application does it: every directbetrokkene is typed in again and resolved
through `meldingen.identiteit` against the persons and households written before it.

The simulation knows who is who (a `Mens`, the real person behind the records); the system does
not. A melding about a known family brings fresh records, as a police report or a phone call
does: the BSN sometimes known, sometimes not; now and then a typo in the achternaam, the
tussenvoegsel written into the surname, day and month of the birth date swapped; the address typed
with or without a space. `persoon_zoeken` decides exactly as at the front door: a BSN or a strong
match links (with the journal line `melding_register` writes), anything less becomes a new person
with Koppelvoorstellen for the team. The address goes through `huishouden_zoeken`, the soort
through `soort_uit` (the rule of `soort_bepalen`) on the states the earlier meldingen had when
this one came in, and the radar of the beoordeling counts what those links give.

Persons and households are inserted as they are made (one bulk insert before the next lookup), so
each lookup sees exactly what was known at that moment; meldingen and the rest are inserted at the
end, as before. A voorstel is decided when the melding is picked up for the veiligheidsbeoordeling
(the beoordelaar needs the history before B; the demo knows the truth: a typo is the same person),
so the meldingen still waiting for B are the ones whose voorstellen wait on the review list.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection

from demo import personen
from demo.basis import UUR, Context, label
from demo.organisatie import Organisatie
from demo.rijen import Rijen
from meldingen import identiteit
from meldingen.keuzes import Hoedanigheid, MeldingStatus, RolInMelding, SoortMelding
from meldingen.models import (
    Directbetrokkene,
    Huishouden,
    Koppelvoorstel,
    Melding,
    Persoon,
    Statuswijziging,
)
from meldingen.models import VoorstelStatus as V

# Noise of a record typed again (per directbetrokkene of a repeat melding). A digital police
# report carries data the police checked in the BRP; a phone call or a form is typed from what a
# neighbour, teacher or relative says: (police, other).
KANS_BSN_BEKEND = (0.85, 0.25)  # a known BSN is on the new record
KANS_TYPEFOUT = (0.01, 0.12)  # a letter wrong or two letters swapped in the achternaam
KANS_VERWISSELD = (0.005, 0.04)  # day and month of the birth date swapped
KANS_BSN_ERBIJ = 0.12  # someone without a known BSN is identified this time
KANS_TUSSENVOEGSEL_ANDERS = 0.35  # "van der" in the achternaam field, or with a capital
KANS_TWEEDE_VOORNAAM = 0.08  # all voornamen this time, not only the roepnaam
KANS_VERHUISD = 0.08  # the family lives at another address now
# The review list is never empty in the demo: the first few known persons in meldingen that still
# wait for B are typed with a slip and without BSN, so they wait there as "mogelijk dezelfde".
# (By chance alone, the 1 200-melding demo had 0 to 7 open voorstellen depending on the day.)
OPEN_VOORSTELLEN = 3
WACHTEND_OP_B = frozenset({MeldingStatus.OP_TRIAGELIJST, MeldingStatus.ACUUT})

REDEN_ZELFDE = {
    "": "Zelfde naam, geboortedatum en adres; bij de intake niet herkend.",
    "typefout": "Zelfde voornaam, geboortedatum en adres; de achternaam is bij de intake "
    "verkeerd gespeld.",
    "verwisseld": "Zelfde naam; dag en maand van de geboortedatum zijn bij de intake verwisseld "
    "(BRP geraadpleegd).",
}
REDEN_NIET_ZELFDE = "Andere persoon: ander adres en andere gezinsleden; de naam lijkt er alleen op."

_AUTOMATISCH = {"bsn": "gekoppeld aan bekende persoon op BSN"}
_AUTOMATISCH["naam_geboortedatum"] = (
    "gekoppeld aan bekende persoon op achternaam, voornaam en geboortedatum"
)
_MOGELIJK = "mogelijk een bekende persoon; het team beslist bij 'Mogelijk dezelfde persoon'"


@dataclass
class Gevonden:
    """One directbetrokkene of the melding: the person linked, and how identity resolution got there."""

    mens: personen.Mens
    rol: str
    persoon: Persoon
    wijze: str = ""  # "bsn", "naam_geboortedatum", "" (a new person)
    kandidaten: list[Persoon] = field(default_factory=list)
    ruis: str = ""  # the intake slip in this record, if any ("typefout", "verwisseld", …)


@dataclass
class Intake:
    """What the intake of one melding resolved."""

    gevonden: list[Gevonden]
    huishouden: Huishouden | None
    huishouden_bekend: bool
    eerdere: list  # MeldingPlan, newest first: what afwegingskader.eerdere_meldingen will read
    soort: str

    @property
    def leden(self) -> list[tuple[Persoon, str]]:
        return [(g.persoon, g.rol) for g in self.gevonden]


class Identiteiten:
    """Identity resolution for the whole demo run, in the order the meldingen came in."""

    def __init__(self, ctx: Context, org: Organisatie, rijen: Rijen) -> None:
        self.ctx, self.org, self.rijen = ctx, org, rijen
        self._te_schrijven_personen: list[Persoon] = []
        self._te_schrijven_huishoudens: list[Huishouden] = []
        self._per_persoon: dict[int, list] = {}  # persoon pk → MeldingPlan
        self._per_huishouden: dict[int, list] = {}
        self._overgangen: dict[int, list[tuple[datetime, str]]] = {}  # id(plan) → (op, naar)
        # (voorstel, directbetrokkene moved by "dezelfde", aangemaakt_op)
        self.voorstellen: list[tuple[Koppelvoorstel, Directbetrokkene | None, datetime]] = []
        self.telling: Counter[str] = Counter()
        self.duur = 0.0  # seconds spent in identity resolution
        self._open_gemaakt = 0  # see OPEN_VOORSTELLEN
        self._geschreven, self._analyse_bij = 0, 300

    # --- writing as we go ---------------------------------------------------------------------

    def _schrijf(self) -> None:
        """Insert the persons and households made since the last lookup, so the next one sees them."""
        if self._te_schrijven_huishoudens:
            Huishouden.objects.bulk_create(self._te_schrijven_huishoudens)
            self._te_schrijven_huishoudens = []
        if self._te_schrijven_personen:
            Persoon.objects.bulk_create(self._te_schrijven_personen)
            self._geschreven += len(self._te_schrijven_personen)
            self._te_schrijven_personen = []
            if self._geschreven >= self._analyse_bij:
                self._statistieken()
                self._analyse_bij *= 10

    @staticmethod
    def _statistieken() -> None:
        """Planner statistics for the tables the lookups read, as autovacuum keeps them in
        production. Without them SQLite takes `samengevoegd_in IS NULL` for a selective index
        and scans every person per lookup (10 ms each at full size instead of 0.1 ms)."""
        with connection.cursor() as cursor:
            for model in (Persoon, Huishouden, Directbetrokkene):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    # --- one melding --------------------------------------------------------------------------

    def registreer(self, plan, leden: list[tuple[personen.Mens, str]], adres, op: date) -> Intake:
        """Resolve the records of one melding; `adres` is the family's true address (or None)."""
        begin = time.perf_counter()
        try:
            return self._registreer(plan, leden, adres, op)
        finally:
            self.duur += time.perf_counter() - begin

    def _registreer(self, plan, leden, adres, op: date) -> Intake:
        self._schrijf()
        huishouden, bekend = self._huishouden(adres) if adres is not None else (None, False)
        gevonden: list[Gevonden] = []
        for mens, rol in leden:
            gevonden.append(
                self._persoon(plan, mens, rol, op, gezien={g.persoon.pk for g in gevonden})
            )
        eerdere = self._eerdere(plan, gevonden, huishouden)
        soort = identiteit.soort_uit(self._status_op(p, plan.ontvangen_op) for p in eerdere)
        self.telling[f"soort:{soort}"] += 1
        return Intake(gevonden, huishouden, bekend, eerdere, soort)

    def _huishouden(self, adres: Huishouden) -> tuple[Huishouden, bool]:
        postcode, huisnummer = _adres_overtypen(self.ctx, adres)
        bekend = identiteit.huishouden_zoeken(postcode=postcode, huisnummer=huisnummer)
        if bekend is not None:
            self.telling["adres herkend"] += 1
            return bekend, True
        # What melding_register stores for a new address.
        huishouden = Huishouden(
            straat=adres.straat.strip(),
            huisnummer=huisnummer.strip(),
            postcode=postcode.replace(" ", "").upper(),
            woonplaats=adres.woonplaats.strip(),
            gemeente=adres.gemeente,
        )
        self._te_schrijven_huishoudens.append(huishouden)
        self.rijen.huishoudens.append(huishouden)
        return huishouden, False

    def _persoon(self, plan, mens: personen.Mens, rol: str, op: date, *, gezien: set) -> Gevonden:
        ctx = self.ctx
        herhaald = mens.persoon is not None
        forceren = (
            herhaald and plan.status in WACHTEND_OP_B and self._open_gemaakt < OPEN_VOORSTELLEN
        )
        if herhaald:
            politie = plan.hoedanigheid == Hoedanigheid.POLITIE
            gegevens, ruis = _overtypen(ctx, mens, op, politie, typefout=forceren)
            uitkomst = identiteit.persoon_zoeken(gegevens)
        else:
            # Someone the simulation brings in for the first time: nothing to find, so the
            # lookup is left out (a third of all records) and the person written as new.
            gegevens, ruis, uitkomst = mens.gegevens(), "", identiteit.Uitkomst()
        if uitkomst.persoon is not None and uitkomst.persoon.pk not in gezien:
            persoon = uitkomst.persoon
            self.telling[uitkomst.wijze] += 1
            if gegevens.bsn and not persoon.bsn:
                # As melding_register: recognised on name and birth date, the BSN is known now.
                persoon.bsn = gegevens.bsn
                persoon.save(update_fields=["bsn"])
            if mens.persoon is None:
                mens.persoon = persoon
            # The row may carry an earlier record's swapped birth date: its age decides the role.
            rol = personen.rol_nu(persoon, rol, op)
            return Gevonden(mens, rol, persoon, uitkomst.wijze, [], ruis)
        persoon = Persoon(
            voornamen=gegevens.voornamen,
            tussenvoegsel=gegevens.tussenvoegsel,
            achternaam=gegevens.achternaam,
            geboortedatum=gegevens.geboortedatum,
            geslacht=mens.geslacht,
            bsn=gegevens.bsn,
            ongeboren=mens.ongeboren,
        )
        self._te_schrijven_personen.append(persoon)
        self.rijen.personen.append(persoon)
        if mens.persoon is None:
            mens.persoon = persoon
        self.telling["nieuw" if not herhaald else "gemist"] += 1
        kandidaten = [k for k in uitkomst.kandidaten if k.pk not in gezien]
        if forceren and kandidaten:
            self._open_gemaakt += 1
        return Gevonden(mens, rol, persoon, "", kandidaten, ruis)

    def _eerdere(self, plan, gevonden: list[Gevonden], huishouden: Huishouden | None) -> list:
        """The earlier meldingen about these persons or this household, newest first."""
        eerdere: dict[int, object] = {}
        for g in gevonden:
            if g.persoon.pk is not None:
                eerdere.update((id(p), p) for p in self._per_persoon.get(g.persoon.pk, ()))
        if huishouden is not None and huishouden.pk is not None:
            eerdere.update((id(p), p) for p in self._per_huishouden.get(huishouden.pk, ()))
        return sorted(eerdere.values(), key=lambda p: p.ontvangen_op, reverse=True)

    def nog_betrokken(self, plannen: list, moment: datetime) -> bool:
        """Whether one of these meldingen was still open at `moment` (what makes a vervolgmelding)."""
        return identiteit.soort_uit(self._status_op(p, moment) for p in plannen) == (
            SoortMelding.VERVOLGMELDING
        )

    def _status_op(self, plan, moment: datetime) -> str:
        status = MeldingStatus.ONTVANGEN
        for op, naar in self._overgangen.get(id(plan), ()):
            if op > moment:
                break
            status = naar
        return status

    # --- after the melding is built -----------------------------------------------------------

    def journaal(self, plan, melding: Melding, intake: Intake) -> None:
        """The lines melding_register writes about the links it made (same texts, same moment)."""
        for nummer, g in enumerate(intake.gevonden, start=1):
            toelichting = _MOGELIJK if g.kandidaten else _AUTOMATISCH.get(g.wijze, "")
            if toelichting:
                rol = label(RolInMelding, g.rol).lower()
                self.rijen.systeemregel(
                    melding,
                    f"Directbetrokkene {nummer} ({rol}): {toelichting}.",
                    door=plan.aangemaakt_door,
                    op=plan.vastgelegd_op,
                )
        if intake.huishouden_bekend:
            self.rijen.systeemregel(
                melding,
                "Het adres is gekoppeld aan een bekend huishouden (op adres).",
                door=plan.aangemaakt_door,
                op=plan.vastgelegd_op,
            )

    def voorstellen_maken(
        self, plan, melding: Melding, intake: Intake, betrokkenen: list[Directbetrokkene]
    ) -> None:
        """Koppelvoorstellen for the candidates, decided by the first beoordelaar at pick-up (a
        "dezelfde" moves the link before B, so the radar of B sees it); open while B waits."""
        ctx = self.ctx
        for nummer, (g, betrokkene) in enumerate(zip(intake.gevonden, betrokkenen, strict=True), 1):
            if not g.kandidaten:
                continue
            nieuw = g.persoon
            door, besloten_op = plan.beoordelaar_1, plan.opgepakt_op
            if besloten_op is not None:
                besloten_op = min(besloten_op + ctx.duur(timedelta(minutes=5), UUR), ctx.nu)
            open_ = door is None or besloten_op is None
            gedeeld = {b.persoon.pk for b in betrokkenen if b is not betrokkene}
            for kandidaat in g.kandidaten:
                voorstel = Koppelvoorstel(melding=melding, persoon=nieuw, kandidaat=kandidaat)
                verplaatst = None
                if open_:
                    self.telling["voorstel open"] += 1
                elif (
                    kandidaat.pk == g.mens.persoon.pk
                    and kandidaat.pk not in gedeeld
                    and betrokkene.persoon is nieuw
                    and not (nieuw.bsn and kandidaat.bsn)
                ):
                    self._samenvoegen(voorstel, betrokkene, g, kandidaat)
                    verplaatst = betrokkene
                    reden = REDEN_ZELFDE.get(g.ruis, REDEN_ZELFDE[""])
                    self._beslist(voorstel, door, besloten_op, V.ZELFDE, reden)
                    self.rijen.systeemregel(
                        melding,
                        f"Directbetrokkene {nummer} is dezelfde persoon als een bekende persoon "
                        f"en is daarmee samengevoegd. Reden: {voorstel.reden}",
                        door=door,
                        op=besloten_op,
                    )
                else:
                    self._beslist(voorstel, door, besloten_op, V.NIET_ZELFDE, REDEN_NIET_ZELFDE)
                    self.rijen.systeemregel(
                        melding,
                        f"Directbetrokkene {nummer} is niet dezelfde persoon als een mogelijk "
                        f"bekende persoon. Reden: {voorstel.reden}",
                        door=door,
                        op=besloten_op,
                    )
                self.voorstellen.append((voorstel, verplaatst, plan.vastgelegd_op))
        intake.eerdere = self._eerdere(plan, intake.gevonden, intake.huishouden)

    def _beslist(self, voorstel, door, op: datetime, status: str, reden: str) -> None:
        voorstel.status, voorstel.besloten_door, voorstel.besloten_op = status, door, op
        voorstel.reden = reden
        self.telling[f"voorstel {status}"] += 1

    def _samenvoegen(
        self, voorstel, betrokkene: Directbetrokkene, g: Gevonden, bekend: Persoon
    ) -> None:
        """What koppelvoorstel_beslissen(zelfde=True) leaves: the link moved, the BSN along.

        The new person is not written yet (that happens after the melding is built)."""
        nieuw = g.persoon
        voorstel.bsn_overgenomen = bool(nieuw.bsn and not bekend.bsn)
        if voorstel.bsn_overgenomen:
            bekend.bsn, nieuw.bsn = nieuw.bsn, None
            bekend.save(update_fields=["bsn"])
        nieuw.samengevoegd_in = bekend
        betrokkene.persoon = bekend
        g.persoon = bekend
        self.telling["samengevoegd"] += 1

    def onthoud(self, plan, intake: Intake, wijzigingen: list[Statuswijziging]) -> None:
        """Index the built melding by its persons and household, with its history of states."""
        self._schrijf()
        for g in intake.gevonden:
            self._per_persoon.setdefault(g.persoon.pk, []).append(plan)
        if intake.huishouden is not None:
            self._per_huishouden.setdefault(intake.huishouden.pk, []).append(plan)
        self._overgangen[id(plan)] = sorted((w.op, w.naar) for w in wijzigingen)

    def afronden(self) -> None:
        self._schrijf()


def _adres_overtypen(ctx: Context, adres: Huishouden) -> tuple[str, str]:
    """The address as this intake typed it: spaces and capitals vary, the address does not."""
    postcode, huisnummer = adres.postcode, adres.huisnummer
    if ctx.kans(0.3):
        postcode = f"{postcode[:4]} {postcode[4:]}"
    if ctx.kans(0.1):
        postcode = postcode.lower()
    if huisnummer[-1:].isalpha() and ctx.kans(0.4):
        huisnummer = f"{huisnummer[:-1]} {huisnummer[-1].lower()}"
    return postcode, huisnummer


def _overtypen(
    ctx: Context, mens: personen.Mens, op: date, politie: bool, *, typefout: bool = False
) -> tuple[identiteit.Persoonsgegevens, str]:
    """A fresh record of `mens` by another intake, with the slips intakes make; with `typefout`
    certainly a typo in the achternaam and no BSN (OPEN_VOORSTELLEN)."""
    if mens.bsn is None and mens.geboortedatum is not None and ctx.kans(KANS_BSN_ERBIJ):
        mens.bsn = personen.bsn(ctx)
    kanaal = 0 if politie else 1
    bsn = mens.bsn if mens.bsn and ctx.kans(KANS_BSN_BEKEND[kanaal]) else None
    if typefout:
        bsn = None
    voornamen, tussenvoegsel, achternaam = mens.voornamen, mens.tussenvoegsel, mens.achternaam
    geboortedatum, ruis = mens.geboortedatum, ""
    if tussenvoegsel and ctx.kans(KANS_TUSSENVOEGSEL_ANDERS):
        if ctx.kans(0.5):
            tussenvoegsel, achternaam = "", f"{tussenvoegsel} {achternaam}"
        else:
            tussenvoegsel = tussenvoegsel.capitalize()
    if ctx.kans(KANS_TWEEDE_VOORNAAM):
        voornamen = f"{voornamen} {ctx.faker.first_name()}"
    if (ctx.kans(KANS_TYPEFOUT[kanaal]) or typefout) and len(achternaam) >= 5:
        achternaam, ruis = _typefout(ctx, achternaam), "typefout"
    elif geboortedatum is not None and ctx.kans(KANS_VERWISSELD[kanaal]):
        verwisseld = identiteit._verwisseld(geboortedatum)  # noqa: SLF001 - the rule it tests
        if (
            verwisseld is not None
            and verwisseld <= op
            and _leeftijd(verwisseld, op) == _leeftijd(geboortedatum, op)
        ):
            geboortedatum, ruis = verwisseld, "verwisseld"
    gegevens = identiteit.Persoonsgegevens(
        voornamen=voornamen,
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        bsn=bsn,
    )
    return gegevens, ruis


def _typefout(ctx: Context, naam: str) -> str:
    """Two neighbouring letters swapped, or one letter typed as its neighbour on the keyboard."""
    i = ctx.rng.randrange(1, len(naam) - 1)
    if ctx.kans(0.5) and naam[i] != naam[i + 1]:
        return naam[:i] + naam[i + 1] + naam[i] + naam[i + 2 :]
    buren = {"a": "s", "e": "r", "i": "o", "o": "i", "n": "m", "m": "n", "r": "t", "s": "d"}
    teken = naam[i].lower()
    return naam[:i] + buren.get(teken, "e" if teken != "e" else "a") + naam[i + 1 :]


def _leeftijd(geboortedatum: date, op: date) -> int:
    return (
        op.year
        - geboortedatum.year
        - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))
    )
