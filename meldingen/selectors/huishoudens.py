"""Reads for the household page of a melding: the records that may be the same address.

Candidates are other, unmerged household records at the same postcode, or that the melding's own
directbetrokkenen have in other meldingen. Each shows its address and how many meldingen point at
it, never which: those may be another team's cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from meldingen.models import Directbetrokkene, Huishouden, HuishoudenSamenvoeging, Melding

MAX_KANDIDATEN = 20


@dataclass(frozen=True)
class Kandidaat:
    huishouden: Huishouden
    meldingen: int
    zelfde_postcode: bool
    zelfde_personen: bool


def huishouden_kandidaten(melding: Melding) -> list[Kandidaat]:
    """Household records that may be this melding's household written another way (two queries)."""
    eigen = melding.huishouden
    if eigen is None:
        return []
    personen = Directbetrokkene.objects.filter(melding=melding).values("persoon_id")
    van_personen = Melding.objects.filter(
        directbetrokkenen__persoon_id__in=personen, huishouden__isnull=False
    ).values("huishouden_id")
    filter_ = Q(pk__in=van_personen)
    if eigen.postcode:
        filter_ |= Q(postcode=eigen.postcode)
    huishoudens = list(
        Huishouden.objects.filter(filter_, samengevoegd_in__isnull=True)
        .exclude(pk=eigen.pk)
        .annotate(
            aantal=Count("meldingen", distinct=True),
            via_personen=Count(
                "meldingen", filter=Q(meldingen__directbetrokkenen__persoon_id__in=personen)
            ),
        )
        .order_by("pk")[:MAX_KANDIDATEN]
    )
    return [
        Kandidaat(
            huishouden=h,
            meldingen=h.aantal,
            zelfde_postcode=bool(eigen.postcode) and h.postcode == eigen.postcode,
            zelfde_personen=h.via_personen > 0,
        )
        for h in huishoudens
    ]


def samenvoegingen_voor(melding: Melding) -> list[HuishoudenSamenvoeging]:
    """The merges made from this melding, newest first, with who made and undid them."""
    return list(
        HuishoudenSamenvoeging.objects.filter(melding=melding).select_related(
            "van", "naar", "door", "teruggedraaid_door"
        )
    )
