"""The one place that knows which database engine runs: PostgreSQL in production, tests and CI,
SQLite for the zero-setup demo (`make run`).

Every query that PostgreSQL and SQLite would write differently is built here, with the PostgreSQL
form as the real one and a SQLite form that gives the same answer on demo-sized data:

- `Mediaan`: ``percentile_cont(0.5)``; on SQLite a median aggregate registered on each connection.
- `tekstlijst`: an array of one column of a correlated subquery (``ARRAY(SELECT …)``); on SQLite
  ``json_group_array`` read back as a list by `als_lijst`.
- `pk_in_een_van`: "pk in any of these id subqueries" as one UNION subquery, so each part uses its
  own index; SQLite accepts no compound SELECT in an ``IN``, so there it is an OR of the parts.
- `json_lijst_bevat`: "this JSON array holds this text" as containment (``@>``, which a GIN index
  answers); SQLite has no containment, so there it matches the quoted text.
- `lijkt_op`: "this text column could be this much like this text" as fuzzystrmatch's
  ``levenshtein_less_equal()`` in SQL, so only the rows worth comparing come back; SQLite has no
  edit distance, so there every row comes back and the caller's own comparison decides alone.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections
from django.db.models import (
    Aggregate,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Length

SQLITE_MEDIAAN = "vt_mediaan"


def is_postgresql(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


class Mediaan(Aggregate):
    """The median of an expression; an interval stays an interval (a `DurationField`)."""

    function = "percentile_cont"
    name = "Mediaan"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False
    output_field = DurationField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite stores a duration as microseconds; the registered aggregate returns their median.
        kopie = self.copy()
        kopie.function = SQLITE_MEDIAAN
        kopie.template = "%(function)s(%(expressions)s)"
        return kopie.as_sql(compiler, connection, **extra_context)


class _SqliteMediaan:
    """Python aggregate for SQLite: the median of the non-NULL values, as an integer."""

    def __init__(self) -> None:
        self.waarden: list[float] = []

    def step(self, waarde) -> None:
        if waarde is not None:
            self.waarden.append(waarde)

    def finalize(self):
        return round(statistics.median(self.waarden)) if self.waarden else None


def sqlite_functies_registreren(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give each new SQLite connection the functions used here."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAAN, 1, _SqliteMediaan)


class _Tekstlijst(ArraySubquery):
    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(SELECT json_group_array(x.waarde) FROM (%(subquery)s) AS x)",
            **extra_context,
        )


def tekstlijst(queryset: QuerySet, veld: str) -> Subquery:
    """One column of a (correlated) subquery as a list per row; read it with `als_lijst`."""
    return _Tekstlijst(queryset.values(waarde=F(veld)))


def als_lijst(waarde) -> list:
    """The value of a `tekstlijst` annotation as a list, whichever engine produced it."""
    if waarde is None:
        return []
    if isinstance(waarde, str):
        return json.loads(waarde)
    return list(waarde)


def pk_in_een_van(subqueries: Iterable[QuerySet]) -> Q:
    """A filter "pk is in any of these one-column subqueries", built as the engine runs it best."""
    delen = list(subqueries)
    if not delen:
        return Q(pk__in=[])
    db = delen[0].db
    if is_postgresql(db):
        ids = delen[0]
        for deel in delen[1:]:
            ids = ids.union(deel)
        return Q(pk__in=ids)
    filter_ = Q(pk__in=delen[0])
    for deel in delen[1:]:
        filter_ |= Q(pk__in=deel)
    return filter_


def json_lijst_bevat(pad: str, waarde: str, *, db: str = "default") -> Q:
    """Rows whose JSON array at `pad` (a lookup path such as "details__nummers") holds `waarde`.

    For fixed-width values (case numbers) the SQLite form gives the same answer: the quoted value
    cannot be part of a longer one.
    """
    if is_postgresql(db):
        return Q(**{f"{pad}__contains": [waarde]})
    return Q(**{f"{pad}__icontains": f'"{waarde}"'})


def lijkt_op(queryset: QuerySet, veld: str, waarde: str, *, min_ratio: int) -> QuerySet:
    """The rows whose `veld` could be at least `min_ratio` (0–100) alike to `waarde` by
    rapidfuzz's `fuzz.ratio`; on SQLite the queryset unchanged.

    A pre-selection that never leaves out a row the caller would accept: `fuzz.ratio` is
    100 · (1 − indel / (len a + len b)), and the Levenshtein distance is never more than the
    indel distance (a substitution is one edit, not two), so every pair with ratio ≥ r has
    100 · levenshtein ≤ (100 − r) · (len a + len b). pg_trgm's similarity was tried for this and
    left out: no threshold keeps that promise, and at 0.2 it dropped 941 of 14 071 misspellings
    of common surnames that rapidfuzz puts at ≥ 80 (a letter lost at the start of a short name:
    'bos' and 'os' share one trigram in six).
    """
    if not is_postgresql(queryset.db):
        return queryset
    grens = ExpressionWrapper(
        (Length(veld) + Value(len(waarde))) * Value(100 - min_ratio) / Value(100),
        output_field=IntegerField(),
    )
    afstand = Func(
        F(veld),
        Value(waarde),
        grens,
        function="levenshtein_less_equal",
        output_field=IntegerField(),
    )
    return queryset.alias(_grens=grens, _afstand=afstand).filter(_afstand__lte=F("_grens"))
