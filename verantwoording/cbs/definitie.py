"""The field layout of the CBS file, loaded from a versioned TOML file in `definities/`.

The layout is data: a new CBS version is a new file, never a code change. `laad()` validates a
file completely before anything is written with it — positions contiguous from 1 without overlap,
widths that fit the type, every code as wide as its field, and every codelijst that names one of
our TextChoices covering exactly its values — and refuses it with every problem listed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.module_loading import import_string

MAP = Path(__file__).resolve().parent / "definities"
STANDAARD = "ibvt-2026-v1"
TYPES = frozenset({"numeriek", "alfanumeriek", "datum", "vlaggen"})
REGELEINDES = {"CRLF": "\r\n", "LF": "\n"}
RECORDSOORTEN = ("advies", "melding", "persoon")
LEGE_DATUM = "00000000"


class OngeldigeDefinitie(ValueError):
    """The definition file is inconsistent; `problemen` lists every problem found."""

    def __init__(self, naam: str, problemen: list[str]) -> None:
        self.problemen = problemen
        super().__init__(f"Definitie {naam} is ongeldig:\n- " + "\n- ".join(problemen))


@dataclass(frozen=True)
class Codelijst:
    naam: str
    codes: dict[str, str]
    bron: str = ""

    @property
    def cbs_codes(self) -> list[str]:
        """The distinct CBS codes in code order (the flag order of a `vlaggen` field)."""
        return sorted(set(self.codes.values()))


@dataclass(frozen=True)
class Veld:
    naam: str
    positie: int
    lengte: int
    type: str
    bron: str = ""
    vast: str | None = None
    codelijst: Codelijst | None = None
    leeg: str | None = None
    speciaal: dict[str, str] = field(default_factory=dict)

    @property
    def eind(self) -> int:
        return self.positie + self.lengte - 1

    @property
    def lege_waarde(self) -> str:
        """What is written when the record has no value for this field."""
        if self.leeg is not None:
            return self.leeg
        if self.type == "datum":
            return LEGE_DATUM
        if self.type in ("numeriek", "vlaggen"):
            return "0" * self.lengte
        return " " * self.lengte


@dataclass(frozen=True)
class Recordsoort:
    naam: str
    omschrijving: str
    velden: tuple[Veld, ...]

    @property
    def lengte(self) -> int:
        return self.velden[-1].eind if self.velden else 0


@dataclass(frozen=True)
class Definitie:
    naam: str
    omschrijving: str
    regeleinde: str
    recordsoorten: dict[str, Recordsoort]
    codelijsten: dict[str, Codelijst]

    @property
    def regeleinde_tekens(self) -> str:
        return REGELEINDES[self.regeleinde]


def beschikbaar() -> list[str]:
    """The names of the definition files in the repository, newest last."""
    return sorted(p.stem for p in MAP.glob("*.toml"))


@cache
def laad(naam: str = STANDAARD) -> Definitie:
    """Load and validate `definities/<naam>.toml`; raises OngeldigeDefinitie."""
    if naam not in beschikbaar():
        raise OngeldigeDefinitie(naam, [f"er is geen bestand {naam}.toml in {MAP}"])
    return uit_tekst((MAP / f"{naam}.toml").read_text(encoding="utf-8"), naam=naam)


def uit_tekst(tekst: str, *, naam: str) -> Definitie:
    """Parse and validate a definition (the file's text); raises OngeldigeDefinitie."""
    gegevens = tomllib.loads(tekst)
    problemen: list[str] = []
    if gegevens.get("naam") != naam:
        problemen.append(f"naam in het bestand ({gegevens.get('naam')!r}) is niet {naam!r}")
    regeleinde = gegevens.get("regeleinde", "")
    if regeleinde not in REGELEINDES:
        problemen.append(f"regeleinde {regeleinde!r} is niet een van {sorted(REGELEINDES)}")
    codelijsten = {
        lijstnaam: _codelijst(lijstnaam, inhoud, problemen)
        for lijstnaam, inhoud in gegevens.get("codelijsten", {}).items()
    }
    recordsoorten = {}
    for soort in RECORDSOORTEN:
        inhoud = gegevens.get("recordsoorten", {}).get(soort)
        if inhoud is None:
            problemen.append(f"recordsoort {soort} ontbreekt")
            continue
        recordsoorten[soort] = _recordsoort(soort, inhoud, codelijsten, problemen)
    for soort in set(gegevens.get("recordsoorten", {})) - set(RECORDSOORTEN):
        problemen.append(f"onbekende recordsoort {soort}")
    if problemen:
        raise OngeldigeDefinitie(naam, problemen)
    return Definitie(
        naam=naam,
        omschrijving=gegevens.get("omschrijving", ""),
        regeleinde=regeleinde,
        recordsoorten=recordsoorten,
        codelijsten=codelijsten,
    )


def _codelijst(naam: str, inhoud: dict, problemen: list[str]) -> Codelijst:
    codes = {str(k): str(v) for k, v in inhoud.get("codes", {}).items()}
    bron = inhoud.get("bron", "")
    if not codes:
        problemen.append(f"codelijst {naam} heeft geen codes")
    for waarde, code in codes.items():
        if not code.isascii() or not code:
            problemen.append(f"codelijst {naam}: code {code!r} voor {waarde} is geen ASCII")
    if bron:
        try:
            keuzes = import_string(bron)
            waarden = set(keuzes.values)
        except (ImportError, AttributeError):
            problemen.append(f"codelijst {naam}: bron {bron} bestaat niet")
        else:
            if ontbreekt := sorted(waarden - set(codes)):
                problemen.append(f"codelijst {naam}: geen CBS-code voor {', '.join(ontbreekt)}")
            if onbekend := sorted(set(codes) - waarden):
                problemen.append(f"codelijst {naam}: {', '.join(onbekend)} bestaat niet in {bron}")
    return Codelijst(naam=naam, codes=codes, bron=bron)


def _recordsoort(
    soort: str, inhoud: dict, codelijsten: dict[str, Codelijst], problemen: list[str]
) -> Recordsoort:
    velden: list[Veld] = []
    verwacht = 1
    namen: set[str] = set()
    for ruw in sorted(inhoud.get("velden", []), key=lambda v: v.get("positie", 0)):
        waar = f"{soort}.{ruw.get('naam', '?')}"
        lijstnaam = ruw.get("codelijst")
        lijst = codelijsten.get(lijstnaam) if lijstnaam else None
        if lijstnaam and lijst is None:
            problemen.append(f"{waar}: codelijst {lijstnaam} bestaat niet")
        veld = Veld(
            naam=ruw.get("naam", ""),
            positie=int(ruw.get("positie", 0)),
            lengte=int(ruw.get("lengte", 0)),
            type=ruw.get("type", ""),
            bron=ruw.get("bron", ""),
            vast=ruw.get("vast"),
            codelijst=lijst,
            leeg=ruw.get("leeg"),
            speciaal=dict(ruw.get("speciaal", {})),
        )
        if veld.naam in namen:
            problemen.append(f"{waar}: veldnaam komt twee keer voor")
        namen.add(veld.naam)
        if veld.positie < verwacht:
            problemen.append(f"{waar}: positie {veld.positie} overlapt het vorige veld")
        elif veld.positie > verwacht:
            problemen.append(f"{waar}: positie {veld.positie}, verwacht {verwacht} (gat)")
        verwacht = max(verwacht, veld.positie + max(veld.lengte, 0))
        problemen.extend(_veldproblemen(waar, veld))
        velden.append(veld)
    if not velden:
        problemen.append(f"recordsoort {soort} heeft geen velden")
    return Recordsoort(
        naam=soort, omschrijving=inhoud.get("omschrijving", ""), velden=tuple(velden)
    )


def _veldproblemen(waar: str, veld: Veld) -> list[str]:
    problemen = []
    if veld.lengte < 1:
        problemen.append(f"{waar}: lengte moet minstens 1 zijn")
    if veld.type not in TYPES:
        problemen.append(f"{waar}: type {veld.type!r} is niet een van {sorted(TYPES)}")
    if veld.type == "datum" and veld.lengte != 8:
        problemen.append(f"{waar}: een datum (JJJJMMDD) is 8 posities")
    if bool(veld.bron) == (veld.vast is not None):
        problemen.append(f"{waar}: precies één van bron en vast")
    if veld.type == "vlaggen":
        if veld.codelijst is None:
            problemen.append(f"{waar}: vlaggen hebben een codelijst nodig")
        elif len(veld.codelijst.cbs_codes) != veld.lengte:
            problemen.append(
                f"{waar}: {veld.lengte} posities voor {len(veld.codelijst.cbs_codes)} codes"
            )
    elif veld.codelijst is not None:
        for code in veld.codelijst.codes.values():
            if len(code) != veld.lengte:
                problemen.append(f"{waar}: code {code!r} past niet in {veld.lengte} posities")
                break
            if veld.type == "numeriek" and not code.isdigit():
                problemen.append(f"{waar}: code {code!r} is niet numeriek")
                break
    vaste_waarden = [w for w in (veld.vast, veld.leeg, *veld.speciaal.values()) if w is not None]
    for waarde in vaste_waarden:
        if len(waarde) != veld.lengte or not waarde.isascii():
            problemen.append(f"{waar}: {waarde!r} is niet {veld.lengte} ASCII-posities")
    return problemen
