"""Server-rendered inline SVG charts for the directie dashboard: no JavaScript, no library.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` for screen readers, text
labels of at least 12 px, and series told apart by pattern (dash, fill) as well as colour. The page
puts a table with the same numbers under every chart. All text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BREEDTE = 600  # half of the dashboard on a 1366 px screen: 12 px text stays 12 px
HOOGTE = 280
LINKS = 48
RECHTS = 12
BOVEN = 34
ONDER = 44
# Colour and a second visual cue per series, so the series differ without colour too.
STIJLEN = (
    {"kleur": "#0b3d6b", "streep": "", "vulling": "#0b3d6b"},
    {"kleur": "#b85c00", "streep": "6 4", "vulling": "url(#{id}-arcering)"},
    {"kleur": "#2b7a0b", "streep": "2 3", "vulling": "#2b7a0b"},
)


def _getal(waarde: float) -> str:
    return f"{waarde:.0f}" if float(waarde).is_integer() else f"{waarde:.1f}".replace(".", ",")


def schaal_max(hoogste: float) -> int:
    """A round upper bound for the y-axis: four gridlines at a whole, round step (at least 1)."""
    nodig = hoogste / 4
    macht = 1
    while True:
        for factor in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            stap = factor * macht
            if stap >= nodig and float(stap).is_integer():
                return int(stap * 4)
        macht *= 10


def _kader(
    grafiek_id: str, titel: str, beschrijving: str, inhoud: list[str], breedte: int
) -> SafeString:
    kop = (
        f'<svg class="vt-grafiek" id="{escape(grafiek_id)}" viewBox="0 0 {breedte} {HOOGTE}" '
        f'role="img" aria-labelledby="{escape(grafiek_id)}-titel {escape(grafiek_id)}-desc" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(grafiek_id)}-titel">{escape(titel)}</title>'
        f'<desc id="{escape(grafiek_id)}-desc">{escape(beschrijving)}</desc>'
        f'<defs><pattern id="{escape(grafiek_id)}-arcering" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#b85c00" stroke-width="4"/></pattern></defs>'
    )
    return mark_safe(kop + "".join(inhoud) + "</svg>")  # noqa: S308 — every value escaped above


def _y_as(maximum: float, eenheid: str, breedte: int) -> list[str]:
    delen = []
    plot_hoogte = HOOGTE - BOVEN - ONDER
    for i in range(5):
        waarde = maximum * i / 4
        y = BOVEN + plot_hoogte - plot_hoogte * i / 4
        delen.append(
            f'<line class="vt-raster" x1="{LINKS}" y1="{y:.1f}" x2="{breedte - RECHTS}" '
            f'y2="{y:.1f}" stroke="#ccc" stroke-width="1"/>'
            f'<text x="{LINKS - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#333">{escape(_getal(waarde))}{escape(eenheid)}</text>'
        )
    return delen


def _legenda(grafiek_id: str, namen: Sequence[str], soort: str) -> list[str]:
    delen = []
    x = LINKS
    for i, naam in enumerate(namen):
        stijl = STIJLEN[i % len(STIJLEN)]
        if soort == "lijn":
            delen.append(
                f'<line x1="{x}" y1="14" x2="{x + 24}" y2="14" stroke="{stijl["kleur"]}" '
                f'stroke-width="3" stroke-dasharray="{stijl["streep"]}"/>'
            )
        else:
            vulling = stijl["vulling"].replace("{id}", escape(grafiek_id))
            delen.append(
                f'<rect x="{x}" y="6" width="16" height="16" fill="{vulling}" '
                f'stroke="{stijl["kleur"]}"/>'
            )
        delen.append(
            f'<text x="{x + 30}" y="19" font-size="13" fill="#1b1b1b">{escape(naam)}</text>'
        )
        x += 48 + 7.5 * len(naam)
    return delen


def _x_label(x: float, label: str) -> str:
    """An axis label under the plot; "jul 2025" becomes two lines, so narrow slots stay legible."""
    regels = label.split(" ", 1) if len(label) > 6 else [label]
    tspans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 14}">{escape(regel)}</tspan>'
        for i, regel in enumerate(regels)
    )
    return (
        f'<text y="{HOOGTE - ONDER + 18}" text-anchor="middle" font-size="12" '
        f'fill="#333">{tspans}</text>'
    )


def staafdiagram(
    grafiek_id: str,
    titel: str,
    beschrijving: str,
    labels: Sequence[str],
    reeksen: Sequence[tuple[str, Sequence[float | None]]],
    *,
    eenheid: str = "",
    maximum: float | None = None,
    breedte: int = BREEDTE,
) -> SafeString:
    """Vertical bars per label, grouped when there is more than one series; None draws no bar."""
    waarden = [w for _naam, rij in reeksen for w in rij if w is not None]
    maximum = maximum or schaal_max(max(waarden, default=0))
    plot_breedte = breedte - LINKS - RECHTS
    plot_hoogte = HOOGTE - BOVEN - ONDER
    vak = plot_breedte / max(len(labels), 1)
    staaf = vak * 0.7 / max(len(reeksen), 1)
    delen = _y_as(maximum, eenheid, breedte)
    if len(reeksen) > 1:
        delen += _legenda(grafiek_id, [naam for naam, _rij in reeksen], "staaf")
    for i, label in enumerate(labels):
        x0 = LINKS + vak * i + vak * 0.15
        for r, (_naam, rij) in enumerate(reeksen):
            waarde = rij[i]
            x = x0 + staaf * r
            stijl = STIJLEN[r % len(STIJLEN)]
            if waarde is None:
                delen.append(
                    f'<text x="{x + staaf / 2:.1f}" y="{BOVEN + plot_hoogte - 4}" '
                    f'text-anchor="middle" font-size="12" fill="#555">–</text>'
                )
                continue
            h = plot_hoogte * min(waarde, maximum) / maximum
            y = BOVEN + plot_hoogte - h
            vulling = stijl["vulling"].replace("{id}", escape(grafiek_id))
            delen.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{staaf:.1f}" height="{h:.1f}" '
                f'fill="{vulling}" stroke="{stijl["kleur"]}"/>'
                f'<text x="{x + staaf / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'font-size="12" fill="#1b1b1b">{escape(_getal(waarde))}{escape(eenheid)}</text>'
            )
        delen.append(_x_label(LINKS + vak * i + vak / 2, label))
    return _kader(grafiek_id, titel, beschrijving, delen, breedte)


def lijndiagram(
    grafiek_id: str,
    titel: str,
    beschrijving: str,
    labels: Sequence[str],
    reeksen: Sequence[tuple[str, Sequence[float | None]]],
    *,
    label_elke: int = 15,
    breedte: int = BREEDTE,
) -> SafeString:
    """One line per series over the labels; a missing value (None) interrupts the line."""
    waarden = [w for _naam, rij in reeksen for w in rij if w is not None]
    maximum = schaal_max(max(waarden, default=0))
    plot_breedte = breedte - LINKS - RECHTS
    plot_hoogte = HOOGTE - BOVEN - ONDER
    stap = plot_breedte / max(len(labels) - 1, 1)
    delen = _y_as(maximum, "", breedte)
    delen += _legenda(grafiek_id, [naam for naam, _rij in reeksen], "lijn")
    for i, label in enumerate(labels):
        if i % label_elke == 0 or i == len(labels) - 1:
            x = LINKS + stap * i
            anker = "start" if i == 0 else "end" if i == len(labels) - 1 else "middle"
            delen.append(
                f'<line x1="{x:.1f}" y1="{BOVEN + plot_hoogte}" x2="{x:.1f}" '
                f'y2="{BOVEN + plot_hoogte + 4}" stroke="#333"/>'
                f'<text x="{x:.1f}" y="{HOOGTE - ONDER + 18}" text-anchor="{anker}" '
                f'font-size="12" fill="#333">{escape(label)}</text>'
            )
    for r, (_naam, rij) in enumerate(reeksen):
        stijl = STIJLEN[r % len(STIJLEN)]
        stukken: list[list[str]] = [[]]
        for i, waarde in enumerate(rij):
            if waarde is None:
                stukken.append([])
                continue
            y = BOVEN + plot_hoogte - plot_hoogte * waarde / maximum
            stukken[-1].append(f"{LINKS + stap * i:.1f},{y:.1f}")
        for punten in stukken:
            if len(punten) == 1:
                x, y = punten[0].split(",")
                delen.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{stijl["kleur"]}"/>')
            elif punten:
                delen.append(
                    f'<polyline fill="none" stroke="{stijl["kleur"]}" stroke-width="2.5" '
                    f'stroke-dasharray="{stijl["streep"]}" points="{" ".join(punten)}"/>'
                )
    return _kader(grafiek_id, titel, beschrijving, delen, breedte)
