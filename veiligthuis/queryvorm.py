"""A queryset built and compiled once per shape, then run again with other values.

Building and compiling a queryset with a dozen subqueries costs Django more than PostgreSQL needs
to run it: the dossier's permission-and-radar query takes ≈ 5 ms of Python and ≈ 3 ms in the
database. Where a page runs the same query for every request with only a value or two changed,
`Queryvorm.rijen` builds it the first time for a *shape* with a marker in place of each value,
finds the markers among the compiled query's parameters, and keeps the SQL with their positions.
Every later call with that shape puts the real values in those positions and runs the SQL as a
raw query of the same model — the SQL Django itself wrote, on either database.

The caller names in `vorm` everything besides the values that the queryset depends on (who asks:
a user's id, team and roles). A value that does not come back as a parameter of its own (used in
the SQL text, or changed before use) cannot be substituted: that shape is then never kept and
every call builds the queryset as usual. Annotations come back as the database driver gives them,
unconverted (on SQLite a boolean is 0 or 1).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.db.models import Model, QuerySet


class Queryvorm:
    def __init__(self, naam: str, *, max_vormen: int = 2000) -> None:
        self.naam = naam
        self.max_vormen = max_vormen
        # vorm → (model, sql, parameters, [(position, value name)]); None: the shape cannot be
        # kept. No database alias: the router decides per call, as for the queryset itself.
        self._vormen: OrderedDict[Hashable, tuple | None] = OrderedDict()
        self._slot = threading.Lock()
        self.gebouwd = 0

    def _vastleggen(self, maak: Callable[..., QuerySet], waarden: dict[str, str]) -> tuple | None:
        markers = {naam: f"vt-{self.naam}-{naam}-{secrets.token_hex(8)}" for naam in waarden}
        queryset = maak(**markers)
        sql, parameters = queryset.query.sql_with_params()
        posities = [
            (i, naam)
            for i, parameter in enumerate(parameters)
            for naam, marker in markers.items()
            if parameter == marker
        ]
        gevonden = {naam for _i, naam in posities}
        if gevonden != set(markers) or any(marker in sql for marker in markers.values()):
            return None
        return queryset.model, sql, tuple(parameters), posities

    def rijen(self, vorm: Hashable, maak: Callable[..., QuerySet], **waarden: str) -> list[Model]:
        """The rows of `maak(**waarden)`; `maak` builds the queryset for this `vorm`."""
        try:
            vastgelegd = self._vormen[vorm]
        except KeyError:
            vastgelegd = self._vastleggen(maak, waarden)
            self.gebouwd += 1
            with self._slot:
                self._vormen[vorm] = vastgelegd
                while len(self._vormen) > self.max_vormen:
                    self._vormen.popitem(last=False)
        if vastgelegd is None:
            return list(maak(**waarden))
        model, sql, parameters, posities = vastgelegd
        ingevuld = list(parameters)
        for i, naam in posities:
            ingevuld[i] = waarden[naam]
        return list(model._default_manager.raw(sql, ingevuld))

    def legen(self) -> None:
        with self._slot:
            self._vormen.clear()
