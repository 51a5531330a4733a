"""Text from a file, shown in a terminal: inert, whatever it holds.

A profile's name, a column header or a cell of a workbook is untrusted
text.  Printed as it is, it could be taken for rich console markup
(``[b]``, ``[link=...]``, or ``[/]``, which makes rich raise), or carry
terminal control sequences (``ESC [2J`` clears the screen, OSC 8 makes a
hyperlink, a right-to-left override U+202E shows the text reversed).
:func:`inert` spells every such character out (``\\x1b``, ``\\u202e``) and
cuts very long text; :func:`shown` wraps the result in a rich
:class:`~rich.text.Text`, which rich prints as it is, never as markup.

Characters spelled out: Unicode categories Cc (C0 and C1 controls, DEL,
tab and line breaks included), Cf (format characters: bidirectional
overrides, zero-width joiners), Cs (lone surrogates, which no terminal
encoding can carry), Zl and Zp (line and paragraph separators).
"""

from __future__ import annotations

import unicodedata

from rich.console import Console
from rich.text import Text

#: Most characters of one piece of file text shown in a terminal; the rest is left out with a note.
MAX_SHOWN = 200

_SPELLED_OUT = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _spelled(character: str) -> str:
    if unicodedata.category(character) not in _SPELLED_OUT:
        return character
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(value: object, limit: int = MAX_SHOWN) -> str:
    """``value`` as plain text safe for a terminal: control and format characters
    spelled out, at most ``limit`` characters of the original kept.

    The result holds no character a terminal acts on; it may still hold
    ``[`` and ``]``, so print it as :func:`shown` (a rich ``Text``) or with
    ``markup=False``, never inside a markup string.

    >>> inert("Ana\\x1b[2J"), inert("Ana\\u202eexe"), inert("[b]x[/]")
    ('Ana\\\\x1b[2J', 'Ana\\\\u202eexe', '[b]x[/]')
    >>> inert("x" * 300, limit=5)
    'xxxxx... (300 characters)'
    """
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > limit
    kept = text[:limit] if cut else text
    # isprintable() is false for every character spelled out (and for a few harmless ones,
    # such as a no-break space): the common all-printable case skips the per-character look.
    shown_part = kept if kept.isprintable() else "".join(map(_spelled, kept))
    return f"{shown_part}... ({len(text):,} characters)" if cut else shown_part


def shown(value: object, limit: int = MAX_SHOWN, style: str = "") -> Text:
    """:func:`inert` text as a rich ``Text``: printed literally, with ``style`` if given."""
    return Text(inert(value, limit), style=style)


def output_console() -> Console:
    """Standard output; wide enough for a table when piped to a file."""
    console = Console()
    return console if console.is_terminal else Console(width=160)
