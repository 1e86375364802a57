"""Termijnen: the one place that knows what a werkdag is and when a deadline ends.

Everything that shows, stores or checks a deadline calls this module, so a change in the rules
(a new closure day, a setting for 5 mei) changes every deadline at once. The rules and their
sources are in DOMAIN.md §4; the choices an organisation may make are the ``VT_*`` settings.

Deadlines are aware datetimes in Europe/Amsterdam. A deadline "on day X" ends at 23:59:59 local
time on X, because the law counts days, not hours, and users read "uiterlijk dinsdag".

Closure days (``Sluitingsdag``) live in the database and several processes (web, Celery) read
them; each process keeps a copy that is checked against the table's stamp on every use
(`veiligthuis.configuratie`), so a closure day added anywhere counts everywhere at once.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from veiligthuis.configuratie import SLUITINGSDAGEN, Configuratiecache

TIJDZONE = ZoneInfo("Europe/Amsterdam")

# The Kanaal TextChoices in meldingen uses exactly these codes; only these get the weekend rule.
SCHRIFTELIJKE_KANALEN: frozenset[str] = frozenset(
    {"schriftelijk", "email", "online_formulier", "politie_digitaal"}
)

STATUS_OP_TIJD = "op_tijd"
STATUS_DREIGEND = "dreigend"
STATUS_OVERSCHREDEN = "overschreden"

_EINDE_DAG = time(23, 59, 59)
_VRIJDAG = 4
_ZATERDAG = 5
_ZONDAG = 6
# Easter Sunday always falls between 22 March and 25 April (Gregorian computus).
_PASEN_VROEGST = (3, 22)
_PASEN_LAATST = (4, 25)


# --- Feestdagen ----------------------------------------------------------------------------------


def feestdagen(jaar: int) -> dict[date, str]:
    """Dutch public holidays for ``jaar`` as Algemene termijnenwet art. 3 counts them (Dutch names).

    Two settings choose between readings of the law: ``VT_BEVRIJDINGSDAG_JAARLIJKS`` (5 mei every
    year, the default, or only in lustrum years) and ``VT_GOEDE_VRIJDAG_FEESTDAG``. Eerste Paas-
    and Pinksterdag are included for display; they are Sundays and change no deadline.
    """
    # A copy: the cached mapping is shared by every caller in the process.
    return dict(_feestdagen_voor_instellingen(jaar, *_feestdag_instellingen()))


def is_feestdag(d: date) -> bool:
    """Whether ``d`` is a feestdag under the current settings (a plain weekend day is not)."""
    return d in _feestdagen_voor_instellingen(d.year, *_feestdag_instellingen())


def _feestdag_instellingen() -> tuple[bool, bool]:
    # Read at call time, so a changed setting (or a test override) takes effect immediately.
    return (
        bool(getattr(settings, "VT_BEVRIJDINGSDAG_JAARLIJKS", True)),
        bool(getattr(settings, "VT_GOEDE_VRIJDAG_FEESTDAG", True)),
    )


@functools.lru_cache(maxsize=256)
def _feestdagen_voor_instellingen(
    jaar: int, bevrijdingsdag_jaarlijks: bool, goede_vrijdag: bool
) -> Mapping[date, str]:
    """Cached per (year, settings): a pure function of its arguments, unlike closure days."""
    pasen = _eerste_paasdag(jaar)
    dagen = {
        date(jaar, 1, 1): "Nieuwjaarsdag",
        pasen: "Eerste Paasdag",
        pasen + timedelta(days=1): "Tweede Paasdag",
        _koningsdag(jaar): "Koningsdag",
        pasen + timedelta(days=39): "Hemelvaartsdag",
        pasen + timedelta(days=49): "Eerste Pinksterdag",
        pasen + timedelta(days=50): "Tweede Pinksterdag",
        date(jaar, 12, 25): "Eerste Kerstdag",
        date(jaar, 12, 26): "Tweede Kerstdag",
    }
    if goede_vrijdag:
        dagen[pasen - timedelta(days=2)] = "Goede Vrijdag"
    if bevrijdingsdag_jaarlijks or jaar % 5 == 0:
        dagen[date(jaar, 5, 5)] = "Bevrijdingsdag"
    return MappingProxyType(dict(sorted(dagen.items())))


def _eerste_paasdag(jaar: int) -> date:
    """Easter Sunday from the ``holidays`` library, checked against its other movable dates.

    Only the date of Easter comes from the library: its list differs from the law's (5 mei only
    in lustrum years; Goede Vrijdag depends on the version), so we build our own list. Easter is
    found structurally (the only Sunday in the Easter window), not by the library's English
    name, which may change between versions.
    """
    bibliotheek = holidays.NL(years=jaar)
    vroegst, laatst = date(jaar, *_PASEN_VROEGST), date(jaar, *_PASEN_LAATST)
    kandidaten = [d for d in bibliotheek if vroegst <= d <= laatst and d.weekday() == _ZONDAG]
    if len(kandidaten) != 1:
        raise RuntimeError(f"holidays.NL gives no unique Easter Sunday for {jaar}: {kandidaten}")
    pasen = kandidaten[0]
    # Tweede Paasdag, Hemelvaart and Tweede Pinksterdag must agree, or the library changed.
    for verschil in (1, 39, 50):
        if pasen + timedelta(days=verschil) not in bibliotheek:
            raise RuntimeError(f"holidays.NL disagrees with Easter {pasen} + {verschil} days")
    return pasen


def _koningsdag(jaar: int) -> date:
    """27 April, or 26 April when the 27th is a Sunday (Wet vaststelling Koningsdag).

    Koninginnedag (before 2014) is not modelled: no case in this system starts before then.
    """
    dag = date(jaar, 4, 27)
    return dag - timedelta(days=1) if dag.weekday() == _ZONDAG else dag


# --- Kalender (closure days) ---------------------------------------------------------------------


class Kalender:
    """The closure days, so that counting werkdagen asks no query per date.

    * ``Kalender.laad()`` takes the process's copy of the ``Sluitingsdag`` table
      (`veiligthuis.configuratie`: reloaded whenever any process changed the table, checked
      against the table's stamp, which a page gets with the signed-in user's query).
    * ``Kalender(sluitingsdagen=[...])`` holds exactly the days given and never queries: for
      tests and for callers that already know the closure days.
    """

    def __init__(self, sluitingsdagen: Iterable[date] = ()) -> None:
        self._sluitingsdagen: frozenset[date] = frozenset(sluitingsdagen)

    @classmethod
    def laad(cls) -> Kalender:
        return cls(_SLUITINGSDAGEN.waarde())

    def is_sluitingsdag(self, d: date) -> bool:
        return d in self._sluitingsdagen

    def is_werkdag(self, d: date) -> bool:
        """Monday–Friday, not a feestdag, not a closure day."""
        if d.weekday() >= _ZATERDAG or is_feestdag(d):
            return False
        return not self.is_sluitingsdag(d)

    def vrij_tussen(self, start: date, eind: date) -> int:
        """Mondays to Fridays after ``start`` up to and including ``eind`` that are no werkdag."""
        instellingen = _feestdag_instellingen()
        vrij = set(self._sluitingsdagen)
        for jaar in range(start.year, eind.year + 1):
            vrij.update(_feestdagen_voor_instellingen(jaar, *instellingen))
        return sum(1 for d in vrij if start < d <= eind and d.weekday() < _ZATERDAG)


def _sluitingsdagen_lezen() -> frozenset[date]:
    # Imported here: termijnen is imported by models of other apps before the registry is ready.
    from veiligthuis.models import Sluitingsdag

    return frozenset(Sluitingsdag.objects.values_list("datum", flat=True))


_SLUITINGSDAGEN = Configuratiecache(SLUITINGSDAGEN, _sluitingsdagen_lezen)


def _kalender_voor(kalender: Kalender | None) -> Kalender:
    return kalender if kalender is not None else Kalender.laad()


# --- Werkdagen -----------------------------------------------------------------------------------


def is_werkdag(d: date, *, kalender: Kalender | None = None) -> bool:
    """Monday–Friday, not a feestdag (see :func:`feestdagen`), not a configured ``Sluitingsdag``."""
    return _kalender_voor(kalender).is_werkdag(d)


def werkdagen_tussen(start: date, eind: date, *, kalender: Kalender | None = None) -> int:
    """Werkdagen after ``start`` up to and including ``eind``; negative when ``eind < start``.

    The negative form lets lists show "3 werkdagen over tijd" with the function that counts down.
    It is antisymmetric and additive: t(a, b) + t(b, c) == t(a, c) for any a, b, c.
    """
    if eind < start:
        return -werkdagen_tussen(eind, start, kalender=kalender)
    # Counted, not walked: lists show this per row for cases waiting for months. The weekdays in
    # the span, less the feestdagen and closure days among them (tests compare it day by day).
    return (
        _weekdagen_tot(eind)
        - _weekdagen_tot(start)
        - _kalender_voor(kalender).vrij_tussen(start, eind)
    )


def _weekdagen_tot(d: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including ``d``."""
    weken, rest = divmod(d.toordinal(), 7)
    return weken * 5 + min(rest, 5)


def plus_werkdagen(d: date, n: int, *, kalender: Kalender | None = None) -> date:
    """The ``n``-th werkdag after ``d``; ``d`` itself never counts, like the day of receipt.

    ``n == 0`` returns ``d`` unchanged, so ``werkdagen_tussen(d, plus_werkdagen(d, n)) == n``.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    kalender = _kalender_voor(kalender)
    dag = d
    gevonden = 0
    while gevonden < n:
        dag += timedelta(days=1)
        if kalender.is_werkdag(dag):
            gevonden += 1
    return dag


def laatste_dag_verstreken(vandaag: date, n: int, *, kalender: Kalender | None = None) -> date:
    """The latest date ``d`` whose ``n`` following werkdagen have all passed before ``vandaag``.

    Set-based jobs compare a stored date with it: "besluit on or before this day" means "more
    than ``n`` werkdagen ago" without computing a deadline per row.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    kalender = _kalender_voor(kalender)
    # ``d`` qualifies when the days after it up to yesterday hold n werkdagen: so the answer is
    # the day before the n-th werkdag counted back from yesterday. One walk of about n werkdagen
    # (the dashboard asks for n = 60 on every view; trying each ``d`` walked n days per day).
    dag = vandaag - timedelta(days=1)
    gevonden = 0
    while gevonden < n:
        if kalender.is_werkdag(dag):
            gevonden += 1
            if gevonden == n:
                break
        dag -= timedelta(days=1)
    return dag - timedelta(days=1) if n else dag


def volgende_werkdag(d: date, *, kalender: Kalender | None = None) -> date:
    """The first werkdag strictly after ``d``."""
    return plus_werkdagen(d, 1, kalender=kalender)


# --- Dates and times -----------------------------------------------------------------------------


def lokale_datum(dt: datetime) -> date:
    """The Amsterdam date of an aware datetime: days count on the Dutch calendar, not UTC."""
    return _lokaal(dt).date()


def begin_dag(d: date) -> datetime:
    """00:00 Europe/Amsterdam on ``d``: the first moment of the Dutch day (half-open bounds)."""
    return datetime.combine(d, time.min, tzinfo=TIJDZONE)


def einde_dag(d: date) -> datetime:
    """23:59:59 Europe/Amsterdam on ``d``: a deadline on a day lasts the whole day."""
    return datetime.combine(d, _EINDE_DAG, tzinfo=TIJDZONE)


def _lokaal(dt: datetime) -> datetime:
    # A naive datetime would silently be read in the server's zone: a programming error.
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("an aware datetime is required, got a naive one")
    return dt.astimezone(TIJDZONE)


# --- Termijnen -----------------------------------------------------------------------------------


def termijn_veiligheidsbeoordeling(
    ontvangen_op: datetime, *, kalender: Kalender | None = None
) -> datetime:
    """End of the veiligheidsbeoordeling (B + besluit): by default 5 werkdagen after receipt.

    The day of receipt never counts, also not when the melding came in at 00:01 on a werkdag.
    Counting starts from the Amsterdam date, so a melding at 00:30 local time (22:30 UTC the day
    before) belongs to the local day.

    With ``VT_TERMIJN_B_IN_WERKDAGEN = False`` the law's text "vijf dagen" (Uitvoeringsbesluit
    Wmo 2015 art. 4.1.7) is read as calendar days, and the Algemene termijnenwet applies:

    * art. 1: a term ending on a Saturday, Sunday or feestdag ends on the next day that is none
      of those. We move to the next werkdag, so a closure day extends it as well: the
      organisation cannot act on that day either.
    * art. 2: a term of at least three days holds at least two such days, so a term spanning
      Easter (Goede Vrijdag up to Tweede Paasdag) ends no earlier than the second werkdag after
      receipt.
    """
    ontvangen = lokale_datum(ontvangen_op)
    dagen = int(settings.VT_TERMIJN_B_DAGEN)
    kalender = _kalender_voor(kalender)
    if settings.VT_TERMIJN_B_IN_WERKDAGEN:
        return einde_dag(plus_werkdagen(ontvangen, dagen, kalender=kalender))

    laatste = ontvangen + timedelta(days=dagen)
    if not kalender.is_werkdag(laatste):
        laatste = volgende_werkdag(laatste, kalender=kalender)
    if dagen >= 3:
        laatste = max(laatste, plus_werkdagen(ontvangen, 2, kalender=kalender))
    return einde_dag(laatste)


def termijn_acute_screening(
    ontvangen_op: datetime, kanaal: str, *, kalender: Kalender | None = None
) -> datetime:
    """End of screening A (acute onveiligheid?): 24 hours after receipt, in Europe/Amsterdam.

    The 24 hours are real elapsed hours (computed in UTC): across a DST change the local clock
    time of the deadline is one hour off the time of receipt (23 or 25 clock hours later).

    Weekend rule (``VT_SCREENING_WEEKENDREGEL``): a written melding (``SCHRIFTELIJKE_KANALEN``)
    received on Friday at or after ``VT_SCREENING_VRIJDAG_GRENS`` (17:00:00 itself counts: the
    office has closed by then), or on Saturday or Sunday (local time), is screened on the next
    werkdag, so the deadline is 23:59:59 on that day (Tuesday when Monday is Tweede Paasdag).
    Telephone, chat and other live channels keep the 24 hours.
    """
    lokaal = _lokaal(ontvangen_op)

    if settings.VT_SCREENING_WEEKENDREGEL and kanaal in SCHRIFTELIJKE_KANALEN:
        grens: time = settings.VT_SCREENING_VRIJDAG_GRENS
        weekdag = lokaal.weekday()
        na_vrijdaggrens = weekdag == _VRIJDAG and lokaal.time() >= grens
        if na_vrijdaggrens or weekdag in (_ZATERDAG, _ZONDAG):
            return einde_dag(volgende_werkdag(lokaal.date(), kalender=kalender))

    # Aware arithmetic within one zone is wall-clock arithmetic; UTC gives real elapsed hours.
    return (ontvangen_op.astimezone(UTC) + timedelta(hours=24)).astimezone(TIJDZONE)


def termijn_vervolgdienst(besluit_op: datetime) -> datetime:
    """End of the vervolgdienst: ``VT_TERMIJN_DIENST_DAGEN`` (10 weeks) after the besluit.

    Calendar days from the local date of the besluit; no werkdag extension, because the 10 weeks
    are an agreed norm measured in weeks, not a statutory term in days.
    """
    dagen = int(settings.VT_TERMIJN_DIENST_DAGEN)
    return einde_dag(lokale_datum(besluit_op) + timedelta(days=dagen))


def termijn_tweede_oordeel(screening_op: datetime, *, kalender: Kalender | None = None) -> datetime:
    """Overige zorg: the second judgement (GW or aandachtfunctionaris) before forwarding, by the end
    of the werkdag(en) after the screening (VT_TWEEDE_OORDEEL_WERKDAGEN)."""
    dag = plus_werkdagen(
        lokale_datum(screening_op), settings.VT_TWEEDE_OORDEEL_WERKDAGEN, kalender=kalender
    )
    return einde_dag(dag)


def termijn_afronden_na_besluit(
    besluit_op: datetime, *, kalender: Kalender | None = None
) -> datetime:
    """A besluit without a vervolgdienst at Veilig Thuis: terugkoppeling and afsluiten (or the
    overdracht) by the end of VT_AFRONDEN_NA_BESLUIT_WERKDAGEN werkdagen after the besluit."""
    dag = plus_werkdagen(
        lokale_datum(besluit_op), settings.VT_AFRONDEN_NA_BESLUIT_WERKDAGEN, kalender=kalender
    )
    return einde_dag(dag)


def termijn_terugkoppeling_na_b(
    besluit_op: datetime, *, kalender: Kalender | None = None
) -> datetime:
    """The melder hears the besluit (or why not is recorded) by the end of
    VT_TERUGKOPPELING_NA_B_WERKDAGEN werkdagen after it, whatever the route."""
    dag = plus_werkdagen(
        lokale_datum(besluit_op), settings.VT_TERUGKOPPELING_NA_B_WERKDAGEN, kalender=kalender
    )
    return einde_dag(dag)


def termijn_ketenpartner_na_b(
    overdracht_op: datetime, *, kalender: Kalender | None = None
) -> datetime:
    """After an overdracht straight after B the receiver has started (and the melding is
    afgesloten) by the end of VT_KETENPARTNER_NA_B_WERKDAGEN werkdagen after the overdracht."""
    dag = plus_werkdagen(
        lokale_datum(overdracht_op), settings.VT_KETENPARTNER_NA_B_WERKDAGEN, kalender=kalender
    )
    return einde_dag(dag)


def termijn_informeren_betrokkenen(vastgelegd_op: datetime) -> datetime:
    """Directbetrokkenen hear that data about them was recorded within 4 weeks.

    Wmo 2015 art. 5.3.1; calendar days (``VT_TERMIJN_INFORMEREN_DAGEN``) from the local date.
    """
    dagen = int(settings.VT_TERMIJN_INFORMEREN_DAGEN)
    return einde_dag(lokale_datum(vastgelegd_op) + timedelta(days=dagen))


def verleng_termijn_informeren(termijn: datetime) -> datetime:
    """The informing term extended once (2 weeks by default; art. 5.3.1 allows it with a reason)."""
    dagen = int(settings.VT_VERLENGING_INFORMEREN_DAGEN)
    return einde_dag(lokale_datum(termijn) + timedelta(days=dagen))


def termijn_status(
    termijn: datetime,
    nu: datetime,
    *,
    dreigend_werkdagen: int | None = None,
    kalender: Kalender | None = None,
) -> tuple[str, int]:
    """Where a deadline stands: ``(status, werkdagen)`` for lists and signals.

    ``werkdagen`` counts from today's local date to the deadline's local date: the werkdagen
    left (>= 0) while ``nu <= termijn``, or the werkdagen past it (<= 0) once ``nu > termijn``.
    It can be 0 with "overschreden": the deadline passed but no werkdag has gone by since (for
    instance over a weekend). "dreigend" means at most ``dreigend_werkdagen`` (default
    ``VT_DREIGEND_B_WERKDAGEN``) werkdagen left, so a deadline ending today is always dreigend.
    """
    if dreigend_werkdagen is None:
        dreigend_werkdagen = int(settings.VT_DREIGEND_B_WERKDAGEN)
    werkdagen = werkdagen_tussen(lokale_datum(nu), lokale_datum(termijn), kalender=kalender)
    if nu > termijn:
        return STATUS_OVERSCHREDEN, werkdagen
    if werkdagen <= dreigend_werkdagen:
        return STATUS_DREIGEND, werkdagen
    return STATUS_OP_TIJD, werkdagen


def termijn_status_dienst(termijn: datetime, nu: datetime) -> tuple[str, int]:
    """Where a vervolgdienst's 10 weeks stand: ``(status, calendar days left)``, negative when past.

    The 10 weeks are calendar days, so "dreigend" is at most ``VT_DREIGEND_DIENST_DAGEN`` calendar
    days left (not werkdagen, unlike the veiligheidsbeoordeling).
    """
    dagen = (lokale_datum(termijn) - lokale_datum(nu)).days
    if nu > termijn:
        return STATUS_OVERSCHREDEN, dagen
    if dagen <= int(settings.VT_DREIGEND_DIENST_DAGEN):
        return STATUS_DREIGEND, dagen
    return STATUS_OP_TIJD, dagen


def dreigend_b_tot(nu: datetime, *, kalender: Kalender | None = None) -> datetime:
    """The latest termijn B that counts as "dreigend" at ``nu`` (SQL filters compare with it).

    Matches :func:`termijn_status` for every stored termijn (those always end on a werkdag).
    """
    vandaag = lokale_datum(nu)
    return einde_dag(
        plus_werkdagen(vandaag, int(settings.VT_DREIGEND_B_WERKDAGEN), kalender=kalender)
    )


def dreigend_dienst_tot(nu: datetime) -> datetime:
    """The latest 10-week termijn that counts as "dreigend" at ``nu``, as :func:`termijn_status_dienst`."""
    return einde_dag(lokale_datum(nu) + timedelta(days=int(settings.VT_DREIGEND_DIENST_DAGEN)))


def zicht_intervallen() -> tuple[dict[str, timedelta], timedelta]:
    """How often a waiting household needs a zicht-op-veiligheid contact: per urgentie, and the
    interval for a case without urgentie ('midden'). Calendar days (VT_ZICHT_INTERVAL_DAGEN)."""
    dagen = settings.VT_ZICHT_INTERVAL_DAGEN
    per_urgentie = {urgentie: timedelta(days=n) for urgentie, n in dagen.items()}
    return per_urgentie, timedelta(days=dagen.get("midden", 14))


# --- Bewaartermijn (privacy) ---------------------------------------------------------------------


MEERDERJARIG = 18


def jaren_na(d: date, jaren: int) -> date:
    """The day ``jaren`` calendar years after ``d``: an anniversary, e.g. a child's 18th birthday.

    Someone born on 29 February reaches an age on 1 March in a non-leap year, as
    ``Persoon.leeftijd_op`` counts it.
    """
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:
        return date(d.year + jaren, 3, 1)


def jaren_voor(d: date, jaren: int) -> date:
    """The latest day x with ``jaren_na(x, jaren) <= d``: the bound for "at least N years ago"."""
    try:
        return d.replace(year=d.year - jaren)
    except ValueError:
        return date(d.year - jaren, 2, 28)


def einde_bewaartermijn(afgesloten_op: datetime, jongste_geboortedatum: date | None) -> date:
    """First day on which a closed dossier is past its bewaartermijn.

    ``VT_BEWAARTERMIJN_JAREN`` after closure, or the 18th birthday of the youngest
    directbetrokkene when that is later (a child's file is kept until it is of age).
    """
    einde = jaren_na(lokale_datum(afgesloten_op), int(settings.VT_BEWAARTERMIJN_JAREN))
    if jongste_geboortedatum is not None:
        einde = max(einde, jaren_na(jongste_geboortedatum, MEERDERJARIG))
    return einde


def bewaartermijn_grenzen(nu: datetime) -> tuple[datetime, date]:
    """For a set-based scan at ``nu``: (closed before this moment, youngest born on or before
    this day). Both hold exactly when :func:`einde_bewaartermijn` is on or before today."""
    vandaag = lokale_datum(nu)
    grens = jaren_voor(vandaag, int(settings.VT_BEWAARTERMIJN_JAREN)) + timedelta(days=1)
    return (
        datetime.combine(grens, time(0), tzinfo=TIJDZONE),
        jaren_voor(vandaag, MEERDERJARIG),
    )


def uiterlijk_besluit_vernietiging(ontvangen_op: date) -> date:
    """A destruction request is decided within three months of receipt (Wmo 2015 art. 5.3.3)."""
    maand = ontvangen_op.month + 3
    jaar = ontvangen_op.year + (maand - 1) // 12
    maand = (maand - 1) % 12 + 1
    return date(jaar, maand, min(ontvangen_op.day, calendar.monthrange(jaar, maand)[1]))


# --- Klachten en calamiteiten (verantwoording) ---------------------------------------------------


def termijn_klacht(ontvangen_op: datetime) -> datetime:
    """A klacht is handled within ``VT_KLACHT_TERMIJN_WEKEN`` weeks (6) of its receipt.

    Calendar weeks from the local date of receipt, like the other agreed norms in weeks.
    """
    weken = int(settings.VT_KLACHT_TERMIJN_WEKEN)
    return einde_dag(lokale_datum(ontvangen_op) + timedelta(weeks=weken))


def verleng_termijn_klacht(termijn: datetime) -> datetime:
    """The klacht's termijn extended once by ``VT_KLACHT_VERLENGING_WEKEN`` weeks (4)."""
    weken = int(settings.VT_KLACHT_VERLENGING_WEKEN)
    return einde_dag(lokale_datum(termijn) + timedelta(weeks=weken))


def termijn_melding_calamiteit(
    kennisname_op: datetime, *, kalender: Kalender | None = None
) -> datetime:
    """A calamiteit is reported to the inspectie by the end of the
    ``VT_CALAMITEIT_MELDEN_WERKDAGEN``-th werkdag (3) after Veilig Thuis learnt of it."""
    dag = plus_werkdagen(
        lokale_datum(kennisname_op), int(settings.VT_CALAMITEIT_MELDEN_WERKDAGEN), kalender=kalender
    )
    return einde_dag(dag)


def termijn_rapport_calamiteit(gemeld_op: datetime) -> datetime:
    """The analysis report reaches the inspectie within ``VT_CALAMITEIT_RAPPORT_WEKEN`` weeks (8)
    after the calamiteit was reported."""
    weken = int(settings.VT_CALAMITEIT_RAPPORT_WEKEN)
    return einde_dag(lokale_datum(gemeld_op) + timedelta(weeks=weken))
