"""Person matching while a melding is registered: is this directbetrokkene already known?

The radar (DOMAIN.md §5) needs matches across the whole organisation, so these reads are not
team-scoped. To keep that safe they return only what is needed to recognise a person — name,
birth date and how many meldingen the person appears in — never a case number, BSN or content,
and they only search on data precise enough not to allow fishing. A person who appears only in
meldingen the medewerker may not see (another team's) is not named at all: the list says
"bekend bij Veilig Thuis (ander team), n meldingen", the same rule as the header search
(`meldingen.selectors.zoeken`), and such a person cannot be linked by hand — registration links
a known BSN itself and offers a doubtful name match to the team as a koppelvoorstel. Persons
merged into another (`samengevoegd_in`) are never offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from meldingen.bsn import bsn_index
from meldingen.models import Directbetrokkene, Persoon
from meldingen.selectors.lijsten import meldingen_voor
from veiligthuis.exceptions import GeenToegang
from veiligthuis.models import Medewerker
from veiligthuis.rechten import INTAKEROLLEN, eis_rol, ziet_auditlog

MIN_ACHTERNAAM = 2


@dataclass(frozen=True)
class Kandidaat:
    """What a registering medewerker may see of a person who might be the same one."""

    persoon_id: int | None
    naam: str
    geboortedatum: date | None
    aantal_meldingen: int
    # Known only in meldingen the medewerker may not see: no id, name or birth date, a count only.
    alleen_elders: bool = False


@dataclass(frozen=True)
class Koppeling:
    """A row of the registration form that links an existing person, with the data it searched on."""

    persoon_id: int
    bsn: str = ""
    achternaam: str = ""
    geboortedatum: date | None = None


def normaliseer_bsn(bsn: str | None) -> str:
    """Digits only: people type BSNs with spaces or dots."""
    return re.sub(r"[\s.]", "", bsn or "")


def zoekfilter(*, bsn: str | None, achternaam: str | None, geboortedatum: date | None) -> Q | None:
    """Exact BSN, or achternaam (prefix, any case) plus geboortedatum; None when too little to go on."""
    bsn = normaliseer_bsn(bsn)
    achternaam = (achternaam or "").strip()
    filter_: Q | None = None
    if len(bsn) == 9 and bsn.isdigit():
        filter_ = Q(bsn_index=bsn_index(bsn))
    if len(achternaam) >= MIN_ACHTERNAAM and geboortedatum is not None:
        op_naam = Q(achternaam__istartswith=achternaam, geboortedatum=geboortedatum)
        filter_ = op_naam if filter_ is None else filter_ | op_naam
    return filter_


def kan_zoeken(*, bsn: str | None, achternaam: str | None, geboortedatum: date | None) -> bool:
    """Whether these data are precise enough to search on (the page says "niemand gevonden")."""
    return zoekfilter(bsn=bsn, achternaam=achternaam, geboortedatum=geboortedatum) is not None


def _met_telling(queryset, gebruiker: Medewerker):
    """Active persons with their number of meldingen, and how many of those `gebruiker` may see."""
    zichtbaar = Q(betrokkenheden__melding__in=meldingen_voor(gebruiker=gebruiker).values("pk"))
    return (
        queryset.filter(samengevoegd_in__isnull=True)
        .annotate(
            aantal_meldingen=Count("betrokkenheden__melding", distinct=True),
            zichtbare_meldingen=Count("betrokkenheden__melding", filter=zichtbaar, distinct=True),
        )
        .only("voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "ongeboren")
    )


def _alleen_elders(persoon: Persoon) -> bool:
    """In meldingen, none of which the medewerker may see (a person in none is in no dossier)."""
    return persoon.aantal_meldingen > 0 and not persoon.zichtbare_meldingen


def _kandidaat(persoon: Persoon) -> Kandidaat:
    return Kandidaat(
        persoon_id=persoon.pk,
        naam=str(persoon),
        geboortedatum=persoon.geboortedatum,
        aantal_meldingen=persoon.aantal_meldingen,
    )


def persoon_kandidaten(
    *,
    gebruiker: Medewerker,
    bsn: str | None,
    achternaam: str | None,
    geboortedatum: date | None,
    limiet: int = 5,
) -> list[Kandidaat]:
    """Known persons who may be the directbetrokkene being typed in; an exact BSN match first.

    Searches only with a complete (9-digit) BSN or an achternaam of at least two letters together
    with a geboortedatum; anything less returns nothing. One query, whatever the number of matches.
    """
    eis_rol(gebruiker, *INTAKEROLLEN, actie=_("bekende personen zoeken"))
    filter_ = zoekfilter(bsn=bsn, achternaam=achternaam, geboortedatum=geboortedatum)
    if filter_ is None:
        return []
    bsn = normaliseer_bsn(bsn)
    # Ordering on the BSN happens in the database; the BSN itself is never loaded.
    bsn_eerst = (
        Case(
            When(bsn_index=bsn_index(bsn), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if len(bsn) == 9
        else Value(1, output_field=IntegerField())
    )
    personen = (
        _met_telling(Persoon.objects.filter(filter_), gebruiker)
        .annotate(bsn_eerst=bsn_eerst)
        .order_by("bsn_eerst", "achternaam", "voornamen", "pk")[:limiet]
    )
    kandidaten = [_kandidaat(p) for p in personen if not _alleen_elders(p)]
    # Everyone known only elsewhere together in one line: per person it would say how many.
    elders = sum(p.aantal_meldingen for p in personen if _alleen_elders(p))
    if elders:
        kandidaten.append(
            Kandidaat(
                persoon_id=None,
                naam="",
                geboortedatum=None,
                aantal_meldingen=elders,
                alleen_elders=True,
            )
        )
    return kandidaten


def gekoppelde_personen(
    *, gebruiker: Medewerker, koppelingen: list[Koppeling]
) -> dict[int, Kandidaat]:
    """The linked persons of a registration form, keyed by id — only those matching their row.

    A row may only link a person that its own search data finds and that appears in a melding
    the medewerker may see, so an id typed into the form by hand cannot reveal who some other
    person is. One query for all rows.
    """
    eis_rol(gebruiker, *INTAKEROLLEN, actie=_("bekende personen koppelen"))
    filter_: Q | None = None
    for koppeling in koppelingen:
        zoek = zoekfilter(
            bsn=koppeling.bsn,
            achternaam=koppeling.achternaam,
            geboortedatum=koppeling.geboortedatum,
        )
        if zoek is None:
            continue
        deze = Q(pk=koppeling.persoon_id) & zoek
        filter_ = deze if filter_ is None else filter_ | deze
    if filter_ is None:
        return {}
    personen = _met_telling(Persoon.objects.filter(filter_), gebruiker)
    return {p.pk: _kandidaat(p) for p in personen if not _alleen_elders(p)}


def meldingnummers_van_persoon(
    *, gebruiker: Medewerker, bsn: str = "", achternaam: str = "", geboortedatum: date | None = None
) -> list[str]:
    """The numbers of the meldingen a directbetrokkene is in, for "wie heeft mijn dossier ingezien?".

    Functioneel beheer answers that request from the audit log; it learns case numbers only, no
    content. Exact matches only (a whole BSN, or achternaam and geboortedatum), because the answer
    is about one person. One query.
    """
    if not ziet_auditlog(gebruiker):
        raise GeenToegang(_("Alleen functioneel beheer beantwoordt inzageverzoeken."))
    bsn = normaliseer_bsn(bsn)
    achternaam = (achternaam or "").strip()
    filter_ = Q(pk__in=[])
    if len(bsn) == 9 and bsn.isdigit():
        filter_ |= Q(persoon__bsn_index=bsn_index(bsn))
    if achternaam and geboortedatum is not None:
        filter_ |= Q(persoon__achternaam__iexact=achternaam, persoon__geboortedatum=geboortedatum)
    return list(
        Directbetrokkene.objects.filter(filter_)
        .values_list("melding__nummer", flat=True)
        .distinct()
        .order_by("melding__nummer")
    )
