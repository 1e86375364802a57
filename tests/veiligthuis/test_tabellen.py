"""Every table of a page sits in a scroll wrapper that the global stylesheet defines.

A table wider than a phone widens the whole page unless it scrolls inside its own box. The
browser test at 390 px opens a handful of pages with whatever the demo holds that day; a
herprioriteringen table with a long reden widened the beoordeling page on one day's demo because
its wrapper class was only defined in the triagelijst's stylesheet. This check holds for every
template, whatever the data: each <table> has an ancestor with a wrapper class, and app.css (loaded
on every page) makes each wrapper class scroll.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
APP_CSS = ROOT / "static" / "css" / "app.css"
# Letters are paper (WeasyPrint), the admin brings its own stylesheet.
NIET_OP_EEN_SCHERM = ("brieven", "admin")
LEEG = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def _wrapperklassen() -> set[str]:
    """Class names that app.css gives `overflow-x: auto` in one rule."""
    klassen: set[str] = set()
    for selectors, regels in re.findall(r"([^{}]+)\{([^}]*)\}", APP_CSS.read_text()):
        if re.search(r"overflow-x\s*:\s*auto", regels):
            klassen |= set(re.findall(r"\.([\w-]+)\s*(?:,|$)", selectors.strip()))
    return klassen


class _Tabellen(HTMLParser):
    def __init__(self, wrappers: set[str]) -> None:
        super().__init__()
        self.wrappers = wrappers
        self.stapel: list[tuple[str, set[str]]] = []
        self.onbeschermd: list[int] = []

    def handle_starttag(self, tag, attrs):
        klassen = set((dict(attrs).get("class") or "").split())
        if tag == "table" and not any(k & self.wrappers for _, k in self.stapel):
            self.onbeschermd.append(self.getpos()[0])
        if tag not in LEEG:
            self.stapel.append((tag, klassen))

    def handle_endtag(self, tag):
        for i in range(len(self.stapel) - 1, -1, -1):
            if self.stapel[i][0] == tag:
                del self.stapel[i:]
                return


def test_app_css_defines_the_wrappers():
    assert {"tabel-wrapper", "tabel-scroll", "vt-tabel-scroll", "vt-tabel-wrap"} <= (
        _wrapperklassen()
    )


def test_every_table_scrolls_in_its_own_box():
    wrappers = _wrapperklassen()
    fout = []
    for pad in sorted(TEMPLATES.rglob("*.html")):
        if pad.relative_to(TEMPLATES).parts[0] in NIET_OP_EEN_SCHERM:
            continue
        parser = _Tabellen(wrappers)
        parser.feed(pad.read_text())
        fout += [f"{pad.relative_to(ROOT)}:{regel}" for regel in parser.onbeschermd]
    assert not fout, "tabel zonder scroll-wrapper uit app.css:\n" + "\n".join(fout)


def test_the_check_sees_a_bare_table():
    parser = _Tabellen({"tabel-wrapper"})
    parser.feed('<div class="x"><table></table></div><div class="tabel-wrapper"><table>')
    assert parser.onbeschermd == [1]
