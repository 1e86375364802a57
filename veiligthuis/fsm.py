"""Helpers around django-fsm-2 so that a refused transition always says, in Dutch, what is missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django_fsm import ANY_STATE

from veiligthuis.exceptions import DomainError


def voorwaarde(weigering: str) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    """Mark a transition condition with the message shown when it is not met."""

    def markeer(conditie: Callable[[Any], bool]) -> Callable[[Any], bool]:
        conditie.weigering = weigering  # type: ignore[attr-defined]
        return conditie

    return markeer


def controleer_overgang(
    obj: Any, overgang: Callable[..., Any], *, actie: str, alleen_status: bool = False
) -> None:
    """Raise DomainError unless `overgang` (a bound transition method) may run on `obj` now.

    The message names the current state and the allowed states, or each unmet condition.
    `alleen_status` checks the source state only, for services that set fields after this check.
    """
    meta = overgang._django_fsm  # type: ignore[attr-defined]
    huidig = meta.field.get_state(obj)
    labels = dict(meta.field.flatchoices)
    if not meta.has_transition(huidig):
        bronnen = [labels.get(s, s) for s in meta.transitions if s != ANY_STATE]
        raise DomainError(
            _("%(actie)s kan niet: de status is '%(status)s'. Dit kan alleen bij: %(bronnen)s.")
            % {
                "actie": actie,
                "status": labels.get(huidig, huidig),
                "bronnen": ", ".join(f"'{b}'" for b in bronnen),
            }
        )
    if alleen_status:
        return
    condities = meta.get_transition(huidig).conditions or []
    gemist = [str(getattr(c, "weigering", c.__name__)) for c in condities if not c(obj)]
    if gemist:
        raise DomainError(
            _("%(actie)s kan niet: %(redenen)s")
            % {
                "actie": actie,
                "redenen": " ".join(gemist),
            }
        )
