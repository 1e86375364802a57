"""The diensten part of anonymisation and destruction, called by meldingen through
``settings.VT_BIJ_ANONIMISEREN`` (meldingen does not import diensten)."""

from __future__ import annotations

from django.db.models import Q

from diensten.models import (
    Afwijking,
    Conclusie,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsafspraak,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from meldingen.services.privacy import VERWIJDERD, leeg_of_verwijderd


def diensten_anonimiseren(*, melding_ids: list[int], vernietigen: bool) -> None:
    """Clear every text of the vervolgdiensten of these meldingen, in the caller's transaction.

    The dienst itself keeps type, status, dates and termijn (reports count them). Destroying
    deletes the rows that only carry content; anonymising keeps them with their texts replaced,
    so dates, kinds and conclusions per type geweld still count.
    """
    Vervolgdienst.objects.filter(melding_id__in=melding_ids).update(
        stopreden=leeg_of_verwijderd("stopreden"),
        erkenning_zorgen=leeg_of_verwijderd("erkenning_zorgen"),
        hoor_en_wederhoor=leeg_of_verwijderd("hoor_en_wederhoor"),
        contra_indicatie=leeg_of_verwijderd("contra_indicatie"),
    )
    DienstStatuswijziging.objects.filter(dienst__melding_id__in=melding_ids).update(toelichting="")
    per_dienst = {"dienst__melding_id__in": melding_ids}
    # An overdracht belongs to a dienst or, straight after B, to the melding itself.
    overdrachten = Overdracht.objects.filter(
        Q(dienst__melding_id__in=melding_ids) | Q(melding_id__in=melding_ids)
    )
    afspraken = Veiligheidsafspraak.objects.filter(
        Q(overdracht__dienst__melding_id__in=melding_ids)
        | Q(overdracht__melding_id__in=melding_ids)
    )
    if vernietigen:
        afspraken.delete()
        overdrachten.delete()
        for model in (
            Gesprek,
            Informant,
            Conclusie,
            Veiligheidsvoorwaarde,
            Afwijking,
            Monitoringsmoment,
        ):
            model.objects.filter(**per_dienst).delete()
        Terugkoppeling.objects.filter(melding_id__in=melding_ids).delete()
        return
    Gesprek.objects.filter(**per_dienst).update(toelichting="")
    Informant.objects.filter(**per_dienst).update(
        naam=VERWIJDERD,
        organisatie=VERWIJDERD,
        afweging=leeg_of_verwijderd("afweging"),
        informatie=VERWIJDERD,
    )
    Conclusie.objects.filter(**per_dienst).update(toelichting=VERWIJDERD)
    Veiligheidsvoorwaarde.objects.filter(**per_dienst).update(
        voorwaarde=VERWIJDERD, voor_wie=VERWIJDERD, hoe_gecontroleerd=VERWIJDERD
    )
    # The omschrijving of an eis can name the child it is about.
    Afwijking.objects.filter(**per_dienst).update(omschrijving=VERWIJDERD, reden=VERWIJDERD)
    overdrachten.update(contactpersoon="")
    # After B the receiver can be named people ("de ouders en grootouders X").
    overdrachten.exclude(aan="").update(aan=VERWIJDERD)
    afspraken.update(
        wat=VERWIJDERD,
        wie=VERWIJDERD,
        hoe_gecontroleerd=VERWIJDERD,
        controle_toelichting=leeg_of_verwijderd("controle_toelichting"),
    )
    Monitoringsmoment.objects.filter(**per_dienst).update(toelichting="")
    Terugkoppeling.objects.filter(melding_id__in=melding_ids).update(toelichting="")
