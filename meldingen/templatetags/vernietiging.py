"""`{% vernietiging_aanbod melding %}`: on a closing page, offer destruction when the vermoeden
was weerlegd (DOMAIN.md §9). Lets the diensten pages show it without knowing the rule."""

from django import template

from meldingen.services.privacy import is_vernietigd, vermoeden_weerlegd

register = template.Library()


@register.inclusion_tag("meldingen/_vernietiging_aanbieden_link.html")
def vernietiging_aanbod(melding) -> dict:
    aanbieden = vermoeden_weerlegd(melding) and not is_vernietigd(melding)
    return {
        "melding": melding,
        "aanbieden": aanbieden,
        "aangeboden": aanbieden and melding.vernietigingsaanbiedingen.exists(),
    }
