"""File names from untrusted profile names: safe on every system, unique, inside one folder.

A name such as ``../../etc/x``, ``CON``, ``a/b`` or 500 characters long
must not escape the output folder, hit a name Windows reserves, or exceed
what file systems allow.  :mod:`pathvalidate` does the platform rules
(separators, control and reserved characters, ``CON``/``NUL``/``COM1``...,
byte length); this module adds what a folder of workbooks needs: no ``..``
and no hidden (dot) files, no invisible characters that change how a name
displays (Unicode categories Cf, Zl, Zp: a right-to-left override makes
``Ana\u202excod.exe.xlsx`` display as ``Anaxslx.exe.docx``; zero-width
joiners; line and paragraph separators), no C1 control characters and no
lone surrogates (which no file system encoding holds; a JSON file can
carry one as ``"\ud800"``), a fallback for names with nothing
left, and uniqueness that also holds on case-insensitive file systems
(Windows, macOS), by appending ``-2``, ``-3``... in the order rows come.
"""

from __future__ import annotations

import re
import unicodedata

from pathvalidate import sanitize_filename

#: Longest file name stem, in UTF-8 bytes: room for a ``-12345`` suffix, ``.xlsx`` and the
#: temporary name used while writing, under the 255-byte limit of common file systems.
MAX_STEM_BYTES = 120
#: Stem used when nothing of a name survives (a name of only dots or separators).
FALLBACK_STEM = "profile"
SUFFIX = ".xlsx"

_DOTS = re.compile(r"\.{2,}")
#: Unicode categories left out of file names: format characters, line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})
#: Unicode categories replaced by ``_``: control characters (C0 and C1) and lone surrogates.
REPLACED_CATEGORIES = frozenset({"Cc", "Cs"})


def _visible(text: str) -> str:
    """``text`` without the characters of :data:`INVISIBLE_CATEGORIES`, and ``_`` for those
    of :data:`REPLACED_CATEGORIES`.

    >>> _visible("Ana\u202excod.exe"), _visible("a\u200db\u2028c"), _visible("a\x85b")
    ('Anaxcod.exe', 'abc', 'a_b')
    """
    if text.isprintable():  # false for every character of those categories
        return text
    return "".join(_kept(character) for character in text)


def _kept(character: str) -> str:
    category = unicodedata.category(character)
    if category in INVISIBLE_CATEGORIES:
        return ""
    return "_" if category in REPLACED_CATEGORIES else character


def safe_stem(name: str) -> str:
    """A file name stem for ``name`` with no separators, ``..``, control or reserved names.

    >>> safe_stem("../../etc/x"), safe_stem("CON"), safe_stem("Ana Ruiz"), safe_stem("Ana\u202excod.exe")
    ('____etc_x', 'CON_', 'Ana Ruiz', 'Anaxcod.exe')
    """
    stem = sanitize_filename(_visible(unicodedata.normalize("NFC", str(name))), replacement_text="_",
                             platform="universal", max_len=MAX_STEM_BYTES)
    stem = _DOTS.sub("_", stem).strip(" .")
    stem = sanitize_filename(stem, replacement_text="_", platform="universal", max_len=MAX_STEM_BYTES)
    return stem or FALLBACK_STEM


class UniqueNames:
    """Hands out distinct ``.xlsx`` file names, first come first served.

    Names differing only in case or Unicode normalization count as the
    same, since they are the same file on Windows and macOS.

    >>> names = UniqueNames()
    >>> names.take("Ana"), names.take("ana"), names.take("Ana")
    ('Ana.xlsx', 'ana-2.xlsx', 'Ana-3.xlsx')
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}

    def take(self, name: str) -> str:
        stem = safe_stem(name)
        key = stem.casefold()
        number = self._next.get(key, 1)
        candidate = stem if number == 1 else f"{stem}-{number}"
        while candidate.casefold() in self._taken:
            number += 1
            candidate = f"{stem}-{number}"
        self._next[key] = number + 1
        self._taken.add(candidate.casefold())
        return candidate + SUFFIX
