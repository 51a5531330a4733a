"""Which text encoding a profile file uses, and its text as UTF-8 bytes.

Excel writes CSV files in three encodings: UTF-8 (with a byte-order mark for
"CSV UTF-8", without one from most other programs), UTF-16 with a byte-order
mark ("Unicode Text"), and the Windows code page of the user's language for
plain "CSV (Comma delimited)" -- Windows-1252 in Western Europe and the
Americas.  A BOM settles the question; text that decodes as UTF-8 is UTF-8
(other encodings almost never do by accident); anything else is handed to
charset-normalizer, which ranks the Windows code pages by how plausible the
decoded text looks.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ...errors import InputError

#: The code pages Excel uses for plain CSV, one per language group (Windows "ANSI" code pages).
WINDOWS_CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
                      "cp1258")
#: Byte-order marks and the encoding each announces (UTF-32 before UTF-16: it starts the same way).
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: How the notice names an encoding.
_NAMES = {"utf-8-sig": "UTF-8 with a byte-order mark", "utf-16": "UTF-16", "utf-32": "UTF-32"}


def as_utf8(data: bytes) -> tuple[bytes, str]:
    """The file's text as UTF-8 bytes (no BOM), and the name of the encoding it was in.

    Raises
    ------
    InputError
        When no encoding decodes the file (a binary file given as a profile table).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _transcoded(data, encoding), encoding
    try:
        if not data.isascii():  # ASCII is UTF-8: no need to decode it to know
            data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = detect_code_page(data)
        return _transcoded(data, encoding), encoding
    return data, "utf-8"


def of_head(head: bytes) -> str | None:
    """``utf-8-sig`` or ``utf-8`` when the first bytes of a file are UTF-8 (a character cut at
    the end of them is fine), else ``None``: the whole file must be looked at."""
    if head.startswith(codecs.BOM_UTF8):
        head, encoding = head[len(codecs.BOM_UTF8):], "utf-8-sig"
    elif any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    else:
        encoding = "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return encoding


def detect_code_page(data: bytes) -> str:
    """The Windows code page the detector finds most plausible for ``data``.

    Short files often decode equally cleanly in several code pages (``José``
    is the same text in cp1250 and cp1252, and the detector's language guess
    over a few names is weak): when cp1252, the code page Excel uses in most
    of the world, decodes with no more mess than the best match, it is taken.
    """
    matches = list(from_bytes(data, cp_isolation=list(WINDOWS_CODE_PAGES)))
    if not matches:
        raise InputError("profiles", "must be a text file (UTF-8, UTF-16 or a Windows code page)",
                         "no encoding decodes it")
    least_mess = min(match.chaos for match in matches)
    if any(match.chaos <= least_mess and "cp1252" in match.could_be_from_charset for match in matches):
        return "cp1252"
    return matches[0].encoding


def describe(encoding: str) -> str:
    """The encoding as the notice names it: ``Windows-1252 (cp1252)``, ``UTF-16``."""
    if encoding.startswith("cp"):
        return f"Windows-{encoding[2:]} ({encoding})"
    return _NAMES.get(encoding, encoding)


def _transcoded(data: bytes, encoding: str) -> bytes:
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("profiles", f"must be readable as {describe(encoding)}",
                         f"byte {error.start} cannot be decoded") from None
