"""Report periods: whole Amsterdam days, checked against the rules of each report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from veiligthuis import termijnen
from veiligthuis.exceptions import DomainError

WACHTLIJST_DAGEN = 42  # the ambtelijk overleg meets every 6 weeks
MAX_DAGEN = 366  # "at most a year", a leap year included


def _datum(d: date) -> str:
    return f"{d:%d-%m-%Y}"


@dataclass(frozen=True)
class Rapportperiode:
    """From `van` up to and including `tot`, both Amsterdam dates."""

    van: date
    tot: date
    naam: str = ""

    @property
    def begin(self) -> datetime:
        return termijnen.begin_dag(self.van)

    @property
    def eind(self) -> datetime:
        """The first moment after the period (half-open bounds: no 23:59:59.999 gaps)."""
        return termijnen.begin_dag(self.tot + timedelta(days=1))

    @property
    def label(self) -> str:
        return self.naam or _("%(van)s t/m %(tot)s") % {
            "van": _datum(self.van),
            "tot": _datum(self.tot),
        }


def standaard_wachtlijstperiode(vandaag: date) -> Rapportperiode:
    """The last 6 weeks, ending yesterday."""
    tot = vandaag - timedelta(days=1)
    return Rapportperiode(tot - timedelta(days=WACHTLIJST_DAGEN - 1), tot)


def wachtlijstperiode(*, van: date, tot: date, vandaag: date) -> Rapportperiode:
    """The period of a wachtlijstrapportage: complete days only, not reversed, at most a year."""
    gisteren = vandaag - timedelta(days=1)
    if tot > gisteren:
        raise DomainError(
            _("De periode kan niet in de toekomst liggen: kies uiterlijk gisteren (%(datum)s).")
            % {"datum": _datum(gisteren)},
            velden={
                "tot": _("Kies een einddatum tot en met %(datum)s.") % {"datum": _datum(gisteren)}
            },
        )
    return eigen_periode(van, tot)


def eigen_periode(van: date, tot: date) -> Rapportperiode:
    """A period the user chose from–to: not reversed, at most a year."""
    if van > tot:
        raise DomainError(
            _("De begindatum ligt na de einddatum."),
            velden={"van": _("De begindatum moet vóór of op de einddatum liggen.")},
        )
    if (tot - van).days + 1 > MAX_DAGEN:
        raise DomainError(
            _("De periode is langer dan een jaar."),
            velden={"van": _("Kies een periode van hoogstens een jaar (366 dagen).")},
        )
    return Rapportperiode(van, tot)


def kwartaal(jaar: int, nummer: int) -> Rapportperiode:
    eerste_maand = 3 * (nummer - 1) + 1
    van = date(jaar, eerste_maand, 1)
    volgende = date(jaar + 1, 1, 1) if nummer == 4 else date(jaar, eerste_maand + 3, 1)
    return Rapportperiode(van, volgende - timedelta(days=1), naam=f"K{nummer} {jaar}")


def vorig_kwartaal(jaar: int, nummer: int) -> tuple[int, int]:
    return (jaar - 1, 4) if nummer == 1 else (jaar, nummer - 1)


def standaard_kwartaal(vandaag: date) -> tuple[int, int]:
    """The last quarter that has ended."""
    return vorig_kwartaal(vandaag.year, (vandaag.month - 1) // 3 + 1)


def kwartaalperiode(*, jaar: int, nummer: int, vandaag: date) -> Rapportperiode:
    """A quarter that is over (a running quarter would compare half a quarter with whole ones)."""
    periode = kwartaal(jaar, nummer)
    if periode.tot >= vandaag:
        raise DomainError(
            _("Kwartaal %(kwartaal)s is nog niet voorbij. Kies een afgelopen kwartaal.")
            % {"kwartaal": periode.label},
            velden={"kwartaal": _("Kies een kwartaal dat al voorbij is.")},
        )
    return periode
