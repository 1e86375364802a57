"""A breadth-first crawl of the app as one logged-in person, for tests/test_crawl.py.

It follows every internal link and every GET form (submitted with its default values) reachable from
the home page, visits at most `per_patroon` URLs per URL pattern (the route plus the names of the
query parameters) and records for every page what a user would call broken: a server error, a
template variable that did not resolve, or an HTML page without an `<h1>` or a `<title>`.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# What string_if_invalid is set to while crawling (see the fixture in tests/test_crawl.py).
ONGELDIGE_VARIABELE = "@@ONGELDIGE-TEMPLATEVARIABELE@@"

# Leaving the session or downloading the schema is not a page a person reads.
OVERSLAAN = ("/uitloggen/", "/static/", "/api/schema/")


class _Pagina(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.formulieren: list[tuple[str, list[tuple[str, str]]]] = []
        self.heeft_h1 = False
        self.titel = ""
        self._in_titel = False
        self._formulier: tuple[str, list[tuple[str, str]]] | None = None
        self._select: str | None = None
        self._select_waarde: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "h1":
            self.heeft_h1 = True
        elif tag == "title":
            self._in_titel = True
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._formulier = (a.get("action") or "", [])
        elif self._formulier is not None:
            self._veld(tag, a)

    def _veld(self, tag, a):
        velden = self._formulier[1]
        naam = a.get("name")
        if tag == "input" and naam:
            soort = (a.get("type") or "text").lower()
            if soort in ("checkbox", "radio"):
                if "checked" in a:
                    velden.append((naam, a.get("value", "on")))
            elif soort not in ("submit", "button", "reset", "file", "image"):
                velden.append((naam, a.get("value") or ""))
        elif tag == "select" and naam:
            self._select, self._select_waarde = naam, None
        elif (
            tag == "option"
            and self._select is not None
            and (self._select_waarde is None or "selected" in a)
        ):
            self._select_waarde = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_titel = False
        elif tag == "select" and self._select is not None and self._formulier is not None:
            self._formulier[1].append((self._select, self._select_waarde or ""))
            self._select = None
        elif tag == "form" and self._formulier is not None:
            self.formulieren.append(self._formulier)
            self._formulier = None

    def handle_data(self, data):
        if self._in_titel:
            self.titel += data


@dataclass
class Verslag:
    bezocht: list[tuple[str, int]] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)
    patronen: Counter = field(default_factory=Counter)

    @property
    def aantal_patronen(self) -> int:
        return len(self.patronen)


def _patroon(pad: str, query: str) -> str | None:
    try:
        match = resolve(pad)
    except Resolver404:
        return None
    sleutels = ",".join(sorted({k for k, _ in parse_qsl(query, keep_blank_values=True)}))
    return f"{match.route}?{sleutels}"


def _normaliseer(href: str, basis: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    delen = urlsplit(urljoin(basis, href))
    if delen.netloc and delen.netloc != "testserver":
        return None
    if delen.path.startswith(OVERSLAAN):
        return None
    return f"{delen.path}?{delen.query}" if delen.query else delen.path


def crawl(client: Client, *, start: str = "/", per_patroon: int = 3, maximum: int = 600) -> Verslag:
    """Visit the app breadth-first from `start` and report every broken page."""
    verslag = Verslag()
    gezien: set[str] = {start}
    rij: deque[str] = deque([start])
    while rij and len(verslag.bezocht) < maximum:
        url = rij.popleft()
        pad, _, query = url.partition("?")
        patroon = _patroon(pad, query)
        # Django's admin repeats one change list and one form per model: one of each is enough.
        grens = 1 if pad.startswith("/admin/") else per_patroon
        if patroon is None or verslag.patronen[patroon] >= grens:
            continue
        verslag.patronen[patroon] += 1
        try:
            antwoord = client.get(url, follow=True)
        except Exception as exc:  # the test client re-raises what the view raised: name it
            verslag.bezocht.append((url, 500))
            verslag.fouten.append(f"{url}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        verslag.bezocht.append((url, antwoord.status_code))
        if antwoord.status_code >= 500:
            verslag.fouten.append(f"{url}: HTTP {antwoord.status_code}")
            continue
        soort = antwoord.get("Content-Type", "")
        if antwoord.status_code != 200 or not soort.startswith("text/html"):
            continue
        html = antwoord.content.decode()
        eind = antwoord.redirect_chain[-1][0] if antwoord.redirect_chain else url
        if ONGELDIGE_VARIABELE in html and not urlsplit(eind).path.startswith("/admin/"):
            verslag.fouten.append(f"{url}: een templatevariabele bestaat niet")
        pagina = _Pagina()
        pagina.feed(html)
        if not pagina.heeft_h1:
            verslag.fouten.append(f"{url}: geen <h1>")
        if not pagina.titel.strip():
            verslag.fouten.append(f"{url}: geen <title>")
        volgende = [_normaliseer(href, eind) for href in pagina.links]
        for actie, velden in pagina.formulieren:
            doel = _normaliseer(actie or eind.partition("?")[0], eind)
            if doel is not None:
                volgende.append(f"{doel.partition('?')[0]}?{urlencode(velden)}")
        for nieuw in volgende:
            if nieuw and nieuw not in gezien:
                gezien.add(nieuw)
                rij.append(nieuw)
    return verslag


# The crawl test stores its reports here; tests/conftest.py prints them after the run.
VERSLAGEN: dict[str, Verslag] = {}


def samenvatting() -> list[str]:
    return [
        f"{naam}: {v.aantal_patronen} URL-patronen, {len(v.bezocht)} pagina's, {len(v.fouten)} fouten"
        for naam, v in sorted(VERSLAGEN.items())
    ]
