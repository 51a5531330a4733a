"""A LAMBDA formula as a workbook file stores it, from the form a user types.

Excel shows ``LAMBDA(rate, [weeks_per_year], rate*IF(ISOMITTED(weeks_per_year),48,weeks_per_year))``
but an .xlsx stores the functions newer than the file format with the
``_xlfn.`` prefix, every name a LAMBDA or LET binds with ``_xlpm.``, and an
optional parameter where it is declared as ``_xlop.`` without its brackets
(Excel reads a bracketed stored parameter as no name at all).  Text inside
string literals is never touched.
"""

from __future__ import annotations

import re

#: The functions the .xlsx format stores with ``_xlfn.`` (newer than the format), among those used here.
FUTURE_FUNCTIONS = frozenset({
    "LAMBDA", "LET", "ISOMITTED", "MAP", "REDUCE", "SCAN", "MAKEARRAY", "HSTACK", "VSTACK", "CHOOSECOLS",
    "DROP", "TAKE", "SEQUENCE", "XMATCH",
})
_TOKEN = re.compile(r'"(?:[^"]|"")*"|\[[A-Za-z_][A-Za-z0-9_]*\]|[A-Za-z_][A-Za-z0-9_.]*|.', re.S)


def stored(display: str, bound: set[str]) -> str:
    """``display`` (without ``=``) as the file stores it; ``bound`` holds every LAMBDA parameter and
    LET name in it (lower case, as written)."""
    out = []
    for match in _TOKEN.finditer(display):
        token = match.group()
        following = display[match.end():match.end() + 1]
        if token.startswith('"'):
            out.append(token)
        elif token.startswith("[") and token[1:-1] in bound:
            out.append(f"_xlop.{token[1:-1]}")
        elif following == "(" and token.upper() in FUTURE_FUNCTIONS:
            out.append(f"_xlfn.{token.upper()}")
        elif token in bound and following != "(":
            out.append(f"_xlpm.{token}")
        else:
            out.append(token)
    return "".join(out)
