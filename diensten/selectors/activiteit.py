"""The last dated activity of a dienst, as the list, the dienst page and the API show it.

Gestart means gestart (DOMAIN §5, §11; IGJ 2026): lists show when something was last done —
a gesprek (also a telephone call), an informant asked, a monitoring moment carried out — next to
`gestart_op`, which only the first gesprek or huisbezoek of the uitvoerder sets.
"""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, Max, OuterRef, QuerySet, Subquery

from diensten.models import Gesprek, Informant, Monitoringsmoment, Vervolgdienst

ANNOTATIES = ("laatste_gesprek", "laatste_informant", "laatste_monitoring")


def _laatste(model, veld: str) -> Subquery:
    return Subquery(
        model.objects.filter(dienst=OuterRef("pk"))
        .order_by()
        .values("dienst")
        .annotate(m=Max(veld))
        .values("m")[:1],
        output_field=DateField(),
    )


def met_laatste_activiteit(queryset: QuerySet[Vervolgdienst]) -> QuerySet[Vervolgdienst]:
    """`queryset` with three correlated subqueries from which `laatste_activiteit` reads."""
    return queryset.annotate(
        laatste_gesprek=_laatste(Gesprek, "datum"),
        laatste_informant=_laatste(Informant, "datum"),
        laatste_monitoring=_laatste(Monitoringsmoment, "uitgevoerd_op"),
    )


def laatste_activiteit(dienst: Vervolgdienst) -> date | None:
    """The date of the latest activity; None when nothing was done yet.

    Reads the annotations of `met_laatste_activiteit`, or else the prefetched records.
    """
    if all(hasattr(dienst, naam) for naam in ANNOTATIES):
        datums = [getattr(dienst, naam) for naam in ANNOTATIES]
    else:
        datums = [g.datum for g in dienst.gesprekken.all()]
        datums += [i.datum for i in dienst.informanten.all()]
        datums += [m.uitgevoerd_op for m in dienst.monitoringsmomenten.all()]
    return max((d for d in datums if d is not None), default=None)
