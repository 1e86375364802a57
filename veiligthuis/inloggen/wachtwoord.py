"""Password rules. Django's validators, with one message Django's Dutch translation misses."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import ngettext


class MinimaleLengteValidator(MinimumLengthValidator):
    """Django's minimum length, with its refusal in Dutch (Django's nl catalogue lacks it)."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(aantal)d teken bevatten.",
            "Dit wachtwoord is te kort. Het moet minstens %(aantal)d tekens bevatten.",
            self.min_length,
        ) % {"aantal": self.min_length}
