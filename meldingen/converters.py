"""URL converter for case numbers, registered when the app is ready (before any URLconf loads)."""


class NummerConverter:
    """Case numbers: VT-2026-000123 (meldingen) and AD-2026-000123 (adviezen)."""

    regex = r"(?:VT|AD)-\d{4}-\d{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
