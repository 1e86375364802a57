"""Dependencies point one way, `verantwoording` → `wachtlijst` → `diensten` → `meldingen` → `veiligthuis`, with `demo`
above them all, and no module imports itself back through others.

Read from the source with `ast`, so every import counts: at module level, inside functions and under
`if TYPE_CHECKING:`. A lazy import hides a dependency from the import machinery, not from the
reader, and a circle hidden that way is still a circle. Dotted paths in settings
(`VT_NA_KALENDERWIJZIGING`, …) are not imports: they are how a lower layer is told about a higher
one without depending on it.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: a package may import the packages before it, never one after it.
LAGEN = ("veiligthuis", "meldingen", "diensten", "wachtlijst", "verantwoording", "demo")
# The project's URLconf puts the apps together (its home page comes from meldingen), like the
# settings that list them: it sits above every app, although it lives in the kernel's package.
SAMENSTELLING = frozenset({"veiligthuis.urls"})


@dataclass(frozen=True)
class Import:
    bron: str  # module that imports
    doel: str  # first-party module it reaches
    pad: str
    regel: int
    tekst: str

    def __str__(self) -> str:
        return f"{self.pad}:{self.regel}: {self.tekst}"


def _modulenaam(pad: Path) -> str:
    delen = pad.relative_to(ROOT).with_suffix("").parts
    return ".".join(delen[:-1] if delen[-1] == "__init__" else delen)


@cache
def _bestanden() -> dict[str, Path]:
    return {
        _modulenaam(pad): pad
        for pakket in LAGEN
        for pad in sorted((ROOT / pakket).rglob("*.py"))
        if "__pycache__" not in pad.parts
    }


def _doelen(module: str, pad: Path, knoop: ast.Import | ast.ImportFrom) -> list[str]:
    """Dotted names an import statement reaches: `from a import b` reaches `a.b` when that is a
    module, otherwise `a`."""
    if isinstance(knoop, ast.Import):
        return [alias.name for alias in knoop.names]
    basis = knoop.module or ""
    if knoop.level:
        pakket = module.split(".") if pad.name == "__init__.py" else module.split(".")[:-1]
        pakket = pakket[: len(pakket) - (knoop.level - 1)]
        basis = ".".join([*pakket, basis] if basis else pakket)
    modules = _bestanden()
    return [
        f"{basis}.{alias.name}" if f"{basis}.{alias.name}" in modules else basis
        for alias in knoop.names
    ]


def _eigen_module(naam: str) -> str | None:
    """The first-party module `naam` is in (longest known prefix), or None for third-party code."""
    modules = _bestanden()
    delen = naam.split(".")
    while delen and ".".join(delen) not in modules:
        delen.pop()
    return ".".join(delen) or None


@cache
def _imports() -> tuple[Import, ...]:
    gevonden = []
    for module, pad in _bestanden().items():
        bron = pad.read_text(encoding="utf-8")
        for knoop in ast.walk(ast.parse(bron, filename=str(pad))):
            if not isinstance(knoop, ast.Import | ast.ImportFrom):
                continue
            # `from a import b, c` names module `a` once, however many names it takes.
            for doel in dict.fromkeys(_eigen_module(naam) for naam in _doelen(module, pad, knoop)):
                if doel is not None and doel != module:
                    gevonden.append(
                        Import(
                            bron=module,
                            doel=doel,
                            pad=str(pad.relative_to(ROOT)),
                            regel=knoop.lineno,
                            tekst=ast.unparse(knoop),
                        )
                    )
    return tuple(gevonden)


def _graaf() -> dict[str, dict[str, Import]]:
    """Per module the modules it imports, each with the first statement that does so."""
    graaf: dict[str, dict[str, Import]] = {module: {} for module in _bestanden()}
    for imp in _imports():
        graaf[imp.bron].setdefault(imp.doel, imp)
    return graaf


def _weg(graaf: dict[str, dict[str, Import]], van: str, naar: str) -> list[Import] | None:
    """The shortest chain of imports from module `van` to module `naar`, or None."""
    vorige: dict[str, Import | None] = {van: None}
    wachtrij = deque([van])
    while wachtrij:
        module = wachtrij.popleft()
        for doel, imp in graaf[module].items():
            if doel in vorige:
                continue
            vorige[doel] = imp
            if doel == naar:
                keten = []
                while (stap := vorige[doel]) is not None:
                    keten.append(stap)
                    doel = stap.bron
                return keten[::-1]
            wachtrij.append(doel)
    return None


def _cirkels(graaf: dict[str, dict[str, Import]]) -> list[list[Import]]:
    """One circle per strongly connected group of modules (Tarjan), as the imports that close it."""
    index: dict[str, int] = {}
    laagste: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    groepen: list[list[str]] = []

    def bezoek(module: str) -> None:
        index[module] = laagste[module] = len(index)
        stapel.append(module)
        op_stapel.add(module)
        for doel in graaf[module]:
            if doel not in index:
                bezoek(doel)
                laagste[module] = min(laagste[module], laagste[doel])
            elif doel in op_stapel:
                laagste[module] = min(laagste[module], index[doel])
        if laagste[module] == index[module]:
            groep = []
            while True:
                lid = stapel.pop()
                op_stapel.discard(lid)
                groep.append(lid)
                if lid == module:
                    break
            if len(groep) > 1:
                groepen.append(sorted(groep))

    for module in graaf:
        if module not in index:
            bezoek(module)
    cirkels = []
    for groep in groepen:
        binnen = {m: {d: i for d, i in graaf[m].items() if d in groep} for m in groep}
        eerste = groep[0]
        heen_en_terug = [
            (_weg(binnen, eerste, doel) or []) + (_weg(binnen, doel, eerste) or [])
            for doel in binnen[eerste]
        ]
        cirkels.append(min(heen_en_terug, key=len))
    return cirkels


def _laag(module: str) -> int:
    return LAGEN.index(module.split(".")[0])


def test_de_bestanden_zijn_gevonden():
    """Guards the tests below against passing on nothing (e.g. after a move of the packages)."""
    modules = _bestanden()
    for verwacht in ("veiligthuis.models", "meldingen.models", "wachtlijst.tasks", "demo.opslag"):
        assert verwacht in modules
    assert any(
        imp.bron.startswith("demo.") and imp.doel == "wachtlijst.models" for imp in _imports()
    )


def test_geen_import_van_een_hogere_laag():
    """veiligthuis imports no app; meldingen not diensten, wachtlijst or demo; and so on up."""
    fout = [
        f"{imp}  ({imp.bron.split('.')[0]} mag {imp.doel.split('.')[0]} niet importeren)"
        for imp in _imports()
        if imp.bron not in SAMENSTELLING and _laag(imp.doel) > _laag(imp.bron)
    ]
    assert not fout, "Imports tegen de richting van de lagen in:\n" + "\n".join(fout)


def test_een_service_importeert_geen_taken():
    """Tasks call services; a service that queued a task from the task module would import it back."""
    fout = [
        str(imp)
        for imp in _imports()
        if ".services" in f".{imp.bron}" and imp.doel.rsplit(".", 1)[-1] == "tasks"
    ]
    assert not fout, "Services die een takenmodule importeren:\n" + "\n".join(fout)


def test_geen_importcirkels():
    cirkels = _cirkels(_graaf())
    beschrijving = "\n\n".join("\n".join(str(imp) for imp in cirkel) for cirkel in cirkels)
    assert not cirkels, f"Modules die elkaar (via andere) importeren:\n{beschrijving}"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("veiligthuis.models", "veiligthuis.audit"),
        ("veiligthuis.models", "veiligthuis.koppelingen"),
        ("veiligthuis.audit", "veiligthuis.koppelingen"),
        ("wachtlijst.services", "wachtlijst.tasks"),
    ],
)
def test_vroegere_cirkel_blijft_weg(a, b):
    """The circles of issue 11: the models are data, the behaviour around them imports them; the
    mail task lives with its own service, so termijnen_markeer can queue it."""
    graaf = _graaf()
    heen, terug = _weg(graaf, a, b), _weg(graaf, b, a)
    keten = "\n".join(str(imp) for imp in (heen or []) + (terug or []))
    assert not (heen and terug), f"{a} en {b} importeren elkaar:\n{keten}"
