"""Shape of the login forms only; the services decide whether a code is right."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from veiligthuis.koppelingen import is_koppeling


class InlogForm(AuthenticationForm):
    """Username and password; an integration account never logs in through the browser."""

    is_koppeling = False  # set when the password was right but the account is a koppeling

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if is_koppeling(user):
            self.is_koppeling = True
            raise forms.ValidationError(
                _("Een koppeling kan niet in de browser inloggen; die gebruikt haar API-token."),
                code="koppeling",
            )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Vul de code in.")},
    )


class ActiveringsForm(forms.Form):
    activeringscode = forms.CharField(
        label=_("Activeringscode"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Vul de activeringscode in.")},
    )
