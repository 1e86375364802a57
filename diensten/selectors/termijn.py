"""The 10-week termijn and the wait from besluit to start, as lists and the dienst page show them.

The termijn is stored on the dienst when it is created (`veiligthuis.termijnen.termijn_vervolgdienst`);
this module only classifies it for display and counts werkdagen with `veiligthuis.termijnen`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from veiligthuis import termijnen

D = DienstStatus

STATUS_LABELS = {
    termijnen.STATUS_OP_TIJD: gettext_lazy("op tijd"),
    termijnen.STATUS_DREIGEND: gettext_lazy("dreigend"),
    termijnen.STATUS_OVERSCHREDEN: gettext_lazy("overschreden"),
}


@dataclass(frozen=True)
class DienstTermijn:
    """The 10-week termijn as a page shows it: running (status, days left) or ended."""

    termijn: datetime
    status: str = ""
    dagen: int = 0
    afgerond_op: datetime | None = None
    gestopt: bool = False

    @property
    def loopt(self) -> bool:
        return bool(self.status)

    @property
    def binnen_termijn(self) -> bool | None:
        return None if self.afgerond_op is None else self.afgerond_op <= self.termijn

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))

    @property
    def tekst(self) -> str:
        """Never colour alone: "dreigend (nog 9 dagen)", "overschreden (3 dagen over)"."""
        if self.afgerond_op is not None:
            if self.binnen_termijn:
                return _("afgerond binnen de termijn")
            return _("afgerond na de termijn")
        if self.gestopt:
            return _("gestopt")
        if self.status == termijnen.STATUS_OVERSCHREDEN:
            over = abs(self.dagen)
            if over == 0:
                return _("overschreden")
            return ngettext(
                "overschreden (%(n)d dag over)", "overschreden (%(n)d dagen over)", over
            ) % {"n": over}
        if self.dagen == 0:
            return _("%(status)s (laatste dag)") % {"status": self.status_label}
        return ngettext(
            "%(status)s (nog %(n)d dag)", "%(status)s (nog %(n)d dagen)", self.dagen
        ) % {"status": self.status_label, "n": self.dagen}

    @property
    def css(self) -> str:
        if self.afgerond_op is not None:
            return (
                termijnen.STATUS_OP_TIJD if self.binnen_termijn else termijnen.STATUS_OVERSCHREDEN
            )
        return self.status or "gestopt"


def dienst_termijn(dienst: Vervolgdienst, *, nu: datetime) -> DienstTermijn:
    """The 10 weeks end at afronden (the onderzoeksbesluit), not at the overdracht.

    While running: overschreden after the stored termijn, dreigend with at most
    `VT_DREIGEND_DIENST_DAGEN` calendar days left (the 10 weeks are calendar days too).
    """
    if dienst.afgerond_op is not None:
        return DienstTermijn(dienst.termijn, afgerond_op=dienst.afgerond_op)
    if dienst.status not in D.open():
        return DienstTermijn(dienst.termijn, gestopt=True)
    status, dagen = termijnen.termijn_status_dienst(dienst.termijn, nu)
    return DienstTermijn(dienst.termijn, status=status, dagen=dagen)


@dataclass(frozen=True)
class Wachttijd:
    """Time from besluit to start: measured when started, still running while waiting."""

    gestart: bool
    dagen: int
    werkdagen: int
    van_toepassing: bool = True

    @property
    def grens(self) -> int:
        return int(settings.VT_DIENST_START_WERKDAGEN)

    @property
    def niet_direct_gestart(self) -> bool:
        return self.van_toepassing and self.werkdagen > int(settings.VT_DIENST_START_WERKDAGEN)

    @property
    def tekst(self) -> str:
        if not self.van_toepassing:
            return _("niet gestart")
        werkdagen = ngettext("%(n)d werkdag", "%(n)d werkdagen", self.werkdagen) % {
            "n": self.werkdagen
        }
        if self.gestart:
            dagen = ngettext("%(n)d dag", "%(n)d dagen", self.dagen) % {"n": self.dagen}
            return _("%(dagen)s (%(werkdagen)s)") % {"dagen": dagen, "werkdagen": werkdagen}
        return ngettext(
            "wacht al %(n)d dag (%(werkdagen)s)", "wacht al %(n)d dagen (%(werkdagen)s)", self.dagen
        ) % {"n": self.dagen, "werkdagen": werkdagen}


def wachttijd_van(
    dienst: Vervolgdienst, *, nu: datetime, kalender: termijnen.Kalender
) -> Wachttijd:
    besluit = termijnen.lokale_datum(dienst.besluit_op)
    if dienst.gestart_op is not None:
        gestart = termijnen.lokale_datum(dienst.gestart_op)
        return Wachttijd(
            gestart=True,
            dagen=(gestart - besluit).days,
            werkdagen=termijnen.werkdagen_tussen(besluit, gestart, kalender=kalender),
        )
    if dienst.status != D.WACHT_OP_START:
        return Wachttijd(gestart=False, dagen=0, werkdagen=0, van_toepassing=False)
    vandaag = termijnen.lokale_datum(nu)
    return Wachttijd(
        gestart=False,
        dagen=(vandaag - besluit).days,
        werkdagen=termijnen.werkdagen_tussen(besluit, vandaag, kalender=kalender),
    )


def kalender_voor(diensten: list[Vervolgdienst], nu: datetime) -> termijnen.Kalender:
    """The closure days for every werkdag count of a page."""
    return termijnen.Kalender.laad()
