"""`{% sectieberichten "journaal" %}` and `messages|zonder_sectie`: see veiligthuis/berichten.py."""

from django import template

from veiligthuis.berichten import sectie_van

register = template.Library()


@register.inclusion_tag("components/_sectieberichten.html", takes_context=True)
def sectieberichten(context, sectie: str) -> dict:
    """The live region of one section, with the messages that belong to it.

    In an htmx response the top of the page is not rendered again, so the section that is
    swapped in also shows the messages without a section (a warning of the same action).
    """
    request = context.get("request")
    ook_algemeen = bool(getattr(request, "htmx", False))
    berichten = [
        m
        for m in context.get("messages") or ()
        if sectie_van(m) == sectie or (ook_algemeen and not sectie_van(m))
    ]
    return {"sectie": sectie, "berichten": berichten}


@register.filter
def zonder_sectie(berichten) -> list:
    """The messages of the whole page: those a section of the page shows itself left out."""
    return [m for m in berichten or () if not sectie_van(m)]
