"""Writing records as fixed-width ASCII lines by a definition, and reading them back for the
spiegelrapport. One line per record, ended by the definition's regeleinde (CRLF in ibvt-2026-v1).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date
from typing import Any

from django.utils.module_loading import import_string

from verantwoording.cbs.definitie import Definitie, Recordsoort, Veld


class Onschrijfbaar(ValueError):
    """A value does not fit its field: a gap between the definition and the record builder."""


def _ascii(tekst: str) -> str:
    # Case numbers and codes are ASCII already; this only guards against a stray accent.
    return unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode("ascii")


def veldwaarde(veld: Veld, waarde: Any) -> str:
    """The characters `waarde` takes in `veld` (exactly veld.lengte of them)."""
    if veld.vast is not None:
        return veld.vast
    if isinstance(waarde, str) and waarde.startswith("@"):
        speciaal = veld.speciaal.get(waarde[1:])
        if speciaal is None:
            raise Onschrijfbaar(f"{veld.naam}: geen speciale waarde {waarde[1:]!r}")
        return speciaal
    if veld.type == "vlaggen":
        lijst = veld.codelijst
        aanwezig = {lijst.codes[w] for w in (waarde or ())}
        return "".join("1" if code in aanwezig else "0" for code in lijst.cbs_codes)
    if waarde is None or waarde == "":
        return veld.lege_waarde
    if veld.codelijst is not None:
        try:
            return veld.codelijst.codes[str(waarde)]
        except KeyError:
            raise Onschrijfbaar(f"{veld.naam}: geen CBS-code voor {waarde!r}") from None
    if veld.type == "datum":
        if not isinstance(waarde, date):
            raise Onschrijfbaar(f"{veld.naam}: {waarde!r} is geen datum")
        return f"{waarde:%Y%m%d}"
    tekst = _ascii(str(waarde))
    if len(tekst) > veld.lengte:
        raise Onschrijfbaar(f"{veld.naam}: {tekst!r} is langer dan {veld.lengte}")
    if veld.type == "numeriek":
        if not tekst.isdigit():
            raise Onschrijfbaar(f"{veld.naam}: {tekst!r} is niet numeriek")
        return tekst.rjust(veld.lengte, "0")
    return tekst.ljust(veld.lengte)


def regel(soort: Recordsoort, record: dict[str, Any]) -> str:
    """One line (without its line end)."""
    tekst = "".join(veldwaarde(v, record.get(v.bron)) for v in soort.velden)
    if len(tekst) != soort.lengte:  # the writer's own invariant; the definition was validated
        raise Onschrijfbaar(f"{soort.naam}: regel van {len(tekst)} tekens, verwacht {soort.lengte}")
    return tekst


class Spiegel:
    """Counts per field, from the written lines: fill rate and value distribution.

    Read from the lines, not from the records, so the report shows what CBS will receive.
    """

    def __init__(self, definitie: Definitie) -> None:
        self.definitie = definitie
        self.aantal: Counter[str] = Counter()
        self.gevuld: dict[str, Counter[str]] = {s: Counter() for s in definitie.recordsoorten}
        self.verdeling: dict[str, dict[str, Counter[str]]] = {
            s: {} for s in definitie.recordsoorten
        }

    def tel(self, soort: Recordsoort, tekst: str) -> None:
        self.aantal[soort.naam] += 1
        for veld in soort.velden:
            if veld.vast is not None:
                continue
            waarde = tekst[veld.positie - 1 : veld.eind]
            leeg = waarde == veld.lege_waarde or waarde in veld.speciaal.values()
            if not leeg:
                self.gevuld[soort.naam][veld.naam] += 1
            if veld.codelijst is None and not veld.speciaal:
                continue
            verdeling = self.verdeling[soort.naam].setdefault(veld.naam, Counter())
            if veld.type == "vlaggen":
                for code, vlag in zip(veld.codelijst.cbs_codes, waarde, strict=True):
                    if vlag == "1":
                        verdeling[code] += 1
            elif veld.speciaal:
                naam = next((k for k, v in veld.speciaal.items() if v == waarde), "bekend")
                verdeling[naam] += 1
            else:
                verdeling[waarde] += 1

    def rapport(self) -> dict:
        """JSON-ready: per record type its count and per field the fill rate and distribution."""
        uitkomst = {}
        for naam, soort in self.definitie.recordsoorten.items():
            totaal = self.aantal[naam]
            velden = []
            for veld in soort.velden:
                if veld.vast is not None:
                    continue
                gevuld = self.gevuld[naam][veld.naam]
                verdeling = self.verdeling[naam].get(veld.naam)
                velden.append(
                    {
                        "veld": veld.naam,
                        "gevuld": gevuld,
                        "vulling": round(100 * gevuld / totaal, 1) if totaal else None,
                        "verdeling": (
                            [
                                {"code": code, "aantal": n, "label": _label(veld, code)}
                                for code, n in sorted(verdeling.items())
                            ]
                            if verdeling is not None
                            else None
                        ),
                    }
                )
            uitkomst[naam] = {"aantal": totaal, "velden": velden}
        return uitkomst


def _label(veld: Veld, code: str) -> str:
    """Our values behind a CBS code, in Dutch (several when the protocol groups them)."""
    if veld.codelijst is None:
        return code
    waarden = [w for w, c in veld.codelijst.codes.items() if c == code]
    if not waarden:
        return "leeg" if code == veld.lege_waarde else code
    if veld.codelijst.bron:
        keuzes = import_string(veld.codelijst.bron)
        return ", ".join(str(keuzes(w).label) for w in waarden)
    return ", ".join(waarden)
