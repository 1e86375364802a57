"""Documents: what an upload really is, whether it may enter a dossier, and where it is kept.

Every channel that stores a file (the dossier forms, the API, the police intake, the letters the
system writes) goes through `keur` first, so one rule decides: the size limit
(`VT_BIJLAGE_MAX_MB`), the real type read from the bytes — never from the name or the browser's
claim — and refusal of anything that can run: programs and scripts, documents with macros, PDFs
with JavaScript or launch actions. A virus scanner (`VT_VIRUSSCANNER`: a dotted path to a callable,
e.g. `veiligthuis.documenten.clamd_scanner` for ClamAV's clamd) is off by default.

Files live in the storage named "bijlagen" (settings.STORAGES): a directory outside the web root
by default, any S3-compatible store through django-storages in production. Stored names are random;
the sanitised original name is kept in the database only.
"""

from __future__ import annotations

import email
import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass

import clamd
import filetype
import olefile
from django.conf import settings
from django.core.files.storage import Storage, storages
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligthuis.exceptions import DomainError

MB = 1024 * 1024
# Types a dossier takes, by what the bytes are: MIME type → (extension, description).
TOEGESTAAN = {
    "application/pdf": ("pdf", "PDF"),
    "image/jpeg": ("jpg", "JPEG-afbeelding"),
    "image/png": ("png", "PNG-afbeelding"),
    "image/tiff": ("tif", "TIFF-afbeelding"),
    "image/heic": ("heic", "HEIC-afbeelding"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "docx",
        "Word-document",
    ),
    "application/vnd.oasis.opendocument.text": ("odt", "OpenDocument-tekst"),
    "message/rfc822": ("eml", "e-mail"),
    "application/vnd.ms-outlook": ("msg", "Outlook-bericht"),
}
# The bytes of programs and scripts, whatever their name says.
UITVOERBAAR = (
    (b"\x7fELF", "een Linux-programma"),
    (b"MZ", "een Windows-programma"),
    (b"\xcf\xfa\xed\xfe", "een macOS-programma"),
    (b"\xfe\xed\xfa\xcf", "een macOS-programma"),
    (b"\xca\xfe\xba\xbe", "een Java- of macOS-programma"),
    (b"#!", "een script"),
)
# Names in a PDF that make it run or carry something: as a whole name (not the start of a longer
# one), after undoing #xx escapes, outside content streams but inside object streams.
PDF_ACTIEF = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z0-9])")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
PDF_NAAM_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
GEEN_TYPE = gettext_lazy(
    "Dit bestandstype wordt niet geaccepteerd. Toegestaan zijn PDF, afbeeldingen, Word (.docx), OpenDocument-tekst (.odt) en e-mail (.eml, .msg)."
)


@dataclass(frozen=True)
class GekeurdBestand:
    inhoud: bytes
    naam: str  # sanitised original name, with the extension of the real type
    inhoud_type: str
    grootte: int
    sha256: str


def max_grootte() -> int:
    return int(settings.VT_BIJLAGE_MAX_MB * MB)


def opslag() -> Storage:
    """The storage of dossier documents (settings.STORAGES["bijlagen"])."""
    return storages["bijlagen"]


def opslagnaam(inhoud_type: str) -> str:
    """A random stored name: nothing about the case or the person in a path or bucket key."""
    extensie = TOEGESTAAN.get(inhoud_type, ("bin", ""))[0]
    sleutel = uuid.uuid4().hex
    return f"{sleutel[:2]}/{sleutel}.{extensie}"


def veilige_naam(naam: str, extensie: str) -> str:
    """The uploaded name without path, control characters or odd punctuation, ending in the
    extension of what the file really is; at most 120 characters."""
    naam = unicodedata.normalize("NFC", str(naam or "")).replace("\\", "/").rsplit("/", 1)[-1]
    stam = naam.rsplit(".", 1)[0] if "." in naam else naam
    stam = re.sub(r"[^\w\- ()]+", "_", stam, flags=re.UNICODE).strip(" ._-")
    stam = re.sub(r"_{2,}", "_", stam)[:100] or "document"
    return f"{stam}.{extensie}"


def _zip_soort(inhoud: bytes) -> str | None:
    """Which office document a zip is, refusing any with macros; None when it is neither."""
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            namen = archief.namelist()
            if any(n.lower().endswith("vbaproject.bin") for n in namen):
                raise DomainError(_("Documenten met macro's worden niet geaccepteerd."))
            if "word/document.xml" in namen:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "mimetype" in namen:
                soort = archief.read("mimetype").decode("ascii", "replace").strip()
                if soort == "application/vnd.oasis.opendocument.text":
                    if any(n.lower().startswith(("basic/", "scripts/")) for n in namen):
                        raise DomainError(_("Documenten met macro's worden niet geaccepteerd."))
                    return soort
    except zipfile.BadZipFile:
        return None
    return None


def _is_msg(inhoud: bytes) -> bool:
    """An Outlook message: an OLE file with the MAPI property streams (a .doc has none)."""
    try:
        with olefile.OleFileIO(io.BytesIO(inhoud)) as ole:
            return any(pad[0].startswith("__substg1.0_") for pad in ole.listdir())
    except Exception:  # noqa: BLE001  (a malformed OLE file can raise anything: it is no .msg)
        return False


def _is_eml(inhoud: bytes) -> bool:
    """A plain e-mail message: text with the headers every message has."""
    if b"\x00" in inhoud[:4096]:
        return False
    bericht = email.message_from_bytes(inhoud[: 64 * 1024])
    return bool(bericht.get("From") and bericht.get("Date") and not bericht.defects[:1])


def _pdf_actief(inhoud: bytes) -> bool:
    """Whether a PDF's objects name JavaScript, a launch action or an embedded file.

    The bytes of content streams (text, images, fonts) are left out, so compressed data cannot
    look like a name by chance; object streams (PDF 1.5 keeps dictionaries compressed in them)
    are inflated and read as objects.
    """
    delen = [PDF_STREAM.sub(b"stream\nendstream", inhoud)]
    for treffer in PDF_STREAM.finditer(inhoud):
        kop = inhoud[max(0, treffer.start() - 400) : treffer.start()]
        if b"/ObjStm" in kop.rsplit(b"obj", 1)[-1]:
            try:
                delen.append(zlib.decompressobj().decompress(treffer.group(1), 16 * MB))
            except zlib.error:
                return True  # an object stream we cannot read: not a document we can vouch for
    tekst = PDF_NAAM_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), b"".join(delen))
    return PDF_ACTIEF.search(tekst) is not None


def echte_soort(inhoud: bytes) -> str:
    """The MIME type the bytes show, or DomainError when it is not one the dossier takes."""
    for begin, wat in UITVOERBAAR:
        if inhoud.startswith(begin):
            raise DomainError(
                _("Dit bestand is %(wat)s en wordt niet geaccepteerd.") % {"wat": wat}
            )
    soort = filetype.guess_mime(inhoud)
    if soort == "application/zip" or soort in (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    ):
        soort = _zip_soort(inhoud)
    elif soort in ("application/x-ole-storage", "application/msword") or inhoud.startswith(
        b"\xd0\xcf\x11\xe0"
    ):
        if not _is_msg(inhoud):
            raise DomainError(
                _(
                    "Oude Office-documenten (.doc) kunnen macro's bevatten en worden niet "
                    "geaccepteerd; sla het op als PDF of .docx."
                )
            )
        soort = "application/vnd.ms-outlook"
    elif soort is None and _is_eml(inhoud):
        soort = "message/rfc822"
    if soort not in TOEGESTAAN:
        raise DomainError(str(GEEN_TYPE))
    if soort == "application/pdf" and _pdf_actief(inhoud):
        raise DomainError(
            _(
                "Deze PDF bevat actieve inhoud (JavaScript, bijgevoegde bestanden of acties) en "
                "wordt niet geaccepteerd."
            )
        )
    return soort


def keur(inhoud: bytes, naam: str) -> GekeurdBestand:
    """Check an upload before anything is stored; DomainError (Dutch, field "bestand") if not."""
    try:
        if not inhoud:
            raise DomainError(_("Het bestand is leeg."))
        if len(inhoud) > max_grootte():
            raise DomainError(
                _("Het bestand is groter dan %(mb)s MB.") % {"mb": settings.VT_BIJLAGE_MAX_MB}
            )
        soort = echte_soort(inhoud)
        scanner = settings.VT_VIRUSSCANNER
        if scanner:
            bevinding = import_string(scanner)(inhoud)
            if bevinding:
                raise DomainError(
                    _("De virusscanner heeft dit bestand geweigerd (%(bevinding)s).")
                    % {"bevinding": bevinding}
                )
    except DomainError as fout:
        raise DomainError(fout.message, velden={"bestand": fout.message}) from None
    return GekeurdBestand(
        inhoud=inhoud,
        naam=veilige_naam(naam, TOEGESTAAN[soort][0]),
        inhoud_type=soort,
        grootte=len(inhoud),
        sha256=hashlib.sha256(inhoud).hexdigest(),
    )


def download_antwoord(inhoud: bytes, *, naam: str, inhoud_type: str) -> HttpResponse:
    """Bytes of a document as a download: never rendered inline, never cached, never sniffed."""
    antwoord = HttpResponse(inhoud, content_type=inhoud_type)
    antwoord["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=naam)
    antwoord["Content-Length"] = str(len(inhoud))
    antwoord["X-Content-Type-Options"] = "nosniff"
    antwoord["Cache-Control"] = "private, no-store"
    antwoord["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return antwoord


def clamd_scanner(inhoud: bytes) -> str | None:
    """ClamAV's clamd over TCP (VT_CLAMD_HOST, VT_CLAMD_PORT): the virus name, or None if clean.

    A scanner that cannot be reached refuses the file: an unscanned file never enters a dossier.
    """
    try:
        client = clamd.ClamdNetworkSocket(
            host=settings.VT_CLAMD_HOST, port=settings.VT_CLAMD_PORT, timeout=30
        )
        status, naam = client.instream(io.BytesIO(inhoud))["stream"]
    except (clamd.ConnectionError, OSError) as fout:
        raise DomainError(
            _("De virusscanner is niet bereikbaar; probeer het later opnieuw.")
        ) from fout
    return naam if status == "FOUND" else None
