"""Identity resolution: is the person or household of an intake already known to Veilig Thuis?

Every intake channel reaches this module through `melding_register` (web form, police API, advies
omgezet in melding, the melding a failed monitoring check makes). The radar (DOMAIN.md §5) only
sees repeat meldingen when the same child and the same address become the same rows, so:

- **Persoon**: a known BSN links, always (never a refusal: a second police report about a known
  child is the common case). Without a known BSN, a *strong* match links automatically: the same
  normalised achternaam (case, diacritics, tussenvoegsels and double-name hyphens do not count),
  the same first voornaam and the same geboortedatum, and no other BSN. Anything less — a typo in a
  name, day and month swapped — is at most a *candidate*, never a link: a wrong automatic link would
  merge two families' dossiers. Twins (same surname and birth date, other first name) stay two.
- **Huishouden**: the normalised address (postcode without space, huisnummer with its toevoeging)
  finds the existing household; a new one only when none matches.
- **Soort melding** follows from what was found (`soort_bepalen`); nobody has to type it.

The lookups are anchored on indexed exact columns (BSN, geboortedatum, postcode), so they read a
handful of rows whatever the size of the database; the fuzzy comparison (rapidfuzz) runs on those.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from meldingen.bsn import bsn_index
from meldingen.keuzes import MeldingStatus, SoortMelding
from meldingen.models import Directbetrokkene, Huishouden, Melding, Persoon
from meldingen.naamsleutels import (  # noqa: F401 (used by the callers of this module)
    TUSSENVOEGSELS,
    achternaam_sleutel,
    voornaam_sleutel,
)
from veiligthuis.database import lijkt_op, pk_in_een_van

# Similarity (0–100) from which a differently written achternaam is offered as a candidate.
KANDIDAAT_DREMPEL = 80


def normaliseer_postcode(postcode: str) -> str:
    """'1234 ab' and '1234AB' are the same postcode."""
    return re.sub(r"\s+", "", postcode or "").upper()


def normaliseer_huisnummer(huisnummer: str) -> str:
    """Number and toevoeging apart: '12-a', '12 A' and '12a' are one address, '12-1' is not '121'."""
    waarde = (huisnummer or "").strip().upper()
    gevonden = re.match(r"^(\d+)\s*[-/]?\s*(.*)$", waarde)
    if not gevonden:
        return re.sub(r"[^0-9A-Z]", "", waarde)
    nummer, toevoeging = gevonden.groups()
    toevoeging = re.sub(r"[^0-9A-Z]", "", toevoeging)
    return f"{int(nummer)}-{toevoeging}" if toevoeging else str(int(nummer))


def adres_sleutel(postcode: str, huisnummer: str) -> str:
    """'2511 ab' + '12 a' and '2511AB' + '12A' give one key; '' when the address is too vague."""
    postcode, nummer = normaliseer_postcode(postcode), normaliseer_huisnummer(huisnummer)
    if not re.fullmatch(r"\d{4}[A-Z]{2}", postcode) or not re.match(r"\d", nummer):
        return ""
    return f"{postcode}|{nummer}"


@dataclass(frozen=True)
class Persoonsgegevens:
    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date | None
    bsn: str | None


@dataclass(frozen=True)
class Uitkomst:
    """What identity resolution found: a person to link (and why), or candidates for review."""

    persoon: Persoon | None = None
    wijze: str = ""  # "bsn" or "naam_geboortedatum"; "" when a new person is to be made
    kandidaten: list[Persoon] = field(default_factory=list)

    @property
    def toelichting(self) -> str:
        """One sentence for the journal."""
        if self.wijze == "bsn":
            return _("gekoppeld aan bekende persoon op BSN")
        if self.wijze == "naam_geboortedatum":
            return _("gekoppeld aan bekende persoon op achternaam, voornaam en geboortedatum")
        return ""


def _verwisseld(geboortedatum: date) -> date | None:
    """Day and month swapped (3-11 typed as 11-3), when that is a real, different date."""
    if geboortedatum.day > 12 or geboortedatum.day == geboortedatum.month:
        return None
    try:
        return geboortedatum.replace(month=geboortedatum.day, day=geboortedatum.month)
    except ValueError:
        return None


def persoon_zoeken(gegevens: Persoonsgegevens) -> Uitkomst:
    """The known person these data describe, or the candidates that might be that person."""
    bsn = (gegevens.bsn or "").strip() or None
    if bsn:
        # A merged person hands its BSN on, so this finds the person it was merged into.
        bekend = Persoon.objects.met_bsn(bsn).filter(samengevoegd_in__isnull=True).first()
        if bekend is not None:
            return Uitkomst(persoon=bekend, wijze="bsn")
    if gegevens.geboortedatum is None:
        return Uitkomst()
    achternaam = achternaam_sleutel(gegevens.achternaam, gegevens.tussenvoegsel)
    voornaam = voornaam_sleutel(gegevens.voornamen)
    datums = [gegevens.geboortedatum]
    if (verwisseld := _verwisseld(gegevens.geboortedatum)) is not None:
        datums.append(verwisseld)
    sterk: list[Persoon] = []
    kandidaten: list[Persoon] = []
    # BSNs are compared by their blind index: a birth date holds ~100 persons nationally, and
    # decrypting each one's BSN was a tenth of a police intake's time. The encrypted BSN is read
    # only if a caller asks for it (one query, for the person it links).
    index = bsn_index(bsn) if bsn else None
    # Merged persons are skipped in Python, not in SQL: with "samengevoegd_in IS NULL" in the
    # query, SQLite (no statistics) used that index, which every person matches, and scanned all.
    # On PostgreSQL the edit distance leaves out, in SQL, the persons born that day whose
    # achternaam cannot be a candidate: a handful of rows come back instead of ≈ 100 per date
    # at national scale. The comparisons below still decide, the same way on both engines.
    op_datum = lijkt_op(
        Persoon.objects.filter(geboortedatum__in=datums),
        "achternaam_sleutel",
        achternaam,
        min_ratio=KANDIDAAT_DREMPEL,
    )
    for persoon in op_datum.defer("bsn").order_by("pk"):
        if persoon.samengevoegd_in_id is not None:
            continue
        andere_bsn = bool(index and persoon.bsn_index and persoon.bsn_index != index)
        zelfde_naam = achternaam_sleutel(persoon.achternaam, persoon.tussenvoegsel) == achternaam
        if (
            zelfde_naam
            and not andere_bsn
            and persoon.geboortedatum == gegevens.geboortedatum
            and voornaam
            and voornaam_sleutel(persoon.voornamen) == voornaam
        ):
            sterk.append(persoon)
        elif not andere_bsn and _lijkt_op(persoon, achternaam, voornaam):
            kandidaten.append(persoon)
    # The same name on the swapped birth date too: day and month may have been typed the wrong
    # way round, so the exact fit could be a namesake (measured at 1 000 000 meldingen: 5 false
    # links in 8 742 repeat records before this rule). Which one it is, a person decides.
    naamgenoot_verwisseld = any(
        achternaam_sleutel(k.achternaam, k.tussenvoegsel) == achternaam
        and voornaam_sleutel(k.voornamen) == voornaam
        for k in kandidaten
    )
    if len(sterk) == 1 and not naamgenoot_verwisseld:
        return Uitkomst(persoon=sterk[0], wijze="naam_geboortedatum", kandidaten=kandidaten)
    # Two known persons fit exactly (an earlier duplicate): linking either could be wrong.
    return Uitkomst(kandidaten=sterk + kandidaten)


def _lijkt_op(persoon: Persoon, achternaam: str, voornaam: str) -> bool:
    gelijkenis = fuzz.ratio(
        achternaam_sleutel(persoon.achternaam, persoon.tussenvoegsel), achternaam
    )
    if gelijkenis < KANDIDAAT_DREMPEL:
        return False
    # The same surname and date but another first name is a sibling (twins), not a candidate.
    andere_voornaam = voornaam_sleutel(persoon.voornamen)
    return not voornaam or not andere_voornaam or fuzz.ratio(andere_voornaam, voornaam) >= 80


def huishouden_zoeken(*, postcode: str, huisnummer: str) -> Huishouden | None:
    """The known household at this address (the oldest, should there be several)."""
    sleutel = adres_sleutel(postcode, huisnummer)
    if not sleutel:
        return None
    postcode_normaal = sleutel.split("|", 1)[0]
    for huishouden in Huishouden.objects.filter(postcode=postcode_normaal).order_by("pk"):
        if adres_sleutel(huishouden.postcode, huishouden.huisnummer) == sleutel:
            # A record merged into another (services.identiteit.huishoudens_samenvoegen) hands
            # its address on to the one it was merged into.
            return samengevoegd_tot(huishouden)
    return None


def samengevoegd_tot(huishouden: Huishouden) -> Huishouden:
    """The record `huishouden` was merged into, following merges of merges (a query per step)."""
    gezien = {huishouden.pk}
    while huishouden.samengevoegd_in_id is not None and huishouden.samengevoegd_in_id not in gezien:
        gezien.add(huishouden.samengevoegd_in_id)
        huishouden = Huishouden.objects.get(pk=huishouden.samengevoegd_in_id)
    return huishouden


# States in which Veilig Thuis is no longer involved with a melding: a new one is a hermelding.
_AFGEROND = (MeldingStatus.AFGESLOTEN, MeldingStatus.DOORGESTUURD)


def soort_bepalen(
    *, persoon_ids: list[int], huishouden: Huishouden | None, ontvangen_op: datetime
) -> SoortMelding:
    """Eerste melding, hermelding or vervolgmelding (DOMAIN.md §3), from the earlier meldingen
    about the same persons or household: vervolgmelding while Veilig Thuis is still involved in
    one of them (veiligheidsbeoordeling, vervolgdienst, monitoring), hermelding when all are
    closed, eerste melding when there are none."""
    routes = [Directbetrokkene.objects.filter(persoon_id__in=persoon_ids).values("melding_id")]
    if huishouden is not None:
        routes.append(Melding.objects.filter(huishouden=huishouden).values("pk"))
    eerdere = Melding.objects.filter(pk_in_een_van(routes), ontvangen_op__lte=ontvangen_op)
    return soort_uit(eerdere.order_by().values_list("status", flat=True).distinct())


def soort_uit(statussen: Iterable[str]) -> SoortMelding:
    """The rule of `soort_bepalen`, on the states the earlier meldingen are in (the demo replays
    its history with the states they had at the moment of receipt)."""
    gezien = set(statussen)
    if not gezien:
        return SoortMelding.EERSTE
    if gezien - set(_AFGEROND):
        return SoortMelding.VERVOLGMELDING
    return SoortMelding.HERMELDING


def verschillen(nieuw: Persoon, bekend: Persoon) -> list[str]:
    """How two persons of a koppelvoorstel compare, in words that reveal none of the values: the
    team can weigh the match also when the known person is only in another team's cases."""
    regels = []
    naam_nieuw = achternaam_sleutel(nieuw.achternaam, nieuw.tussenvoegsel)
    naam_bekend = achternaam_sleutel(bekend.achternaam, bekend.tussenvoegsel)
    if naam_nieuw == naam_bekend:
        regels.append(_("achternaam gelijk"))
    else:
        regels.append(
            _("achternaam anders geschreven (%(procent)d %% gelijk)")
            % {"procent": round(fuzz.ratio(naam_nieuw, naam_bekend))}
        )
    if voornaam_sleutel(nieuw.voornamen) == voornaam_sleutel(bekend.voornamen):
        regels.append(_("eerste voornaam gelijk"))
    else:
        regels.append(_("eerste voornaam anders"))
    if nieuw.geboortedatum is None or bekend.geboortedatum is None:
        regels.append(_("geboortedatum niet bij beide bekend"))
    elif nieuw.geboortedatum == bekend.geboortedatum:
        regels.append(_("geboortedatum gelijk"))
    elif _verwisseld(nieuw.geboortedatum) == bekend.geboortedatum:
        regels.append(_("geboortedatum met dag en maand verwisseld"))
    else:
        regels.append(_("geboortedatum anders"))
    if nieuw.bsn and not bekend.bsn:
        regels.append(_("alleen de nieuwe persoon heeft een BSN"))
    elif bekend.bsn and not nieuw.bsn:
        regels.append(_("alleen de bekende persoon heeft een BSN"))
    return regels
