"""The function reference page (``docs/functions.md``), generated from the table.

One section per entry of :data:`xlincome.functions.FUNCTIONS`: what it
computes, how to call it in a cell, every argument with its default and
rule, and the table's acceptance examples as formulas with their results,
shown as a cell shows them (:func:`xlincome.excel.cells.value`).

For developers, after changing the table: ``python -m xlincome.excel.reference
[ROOT]`` (or ``make reference``) rewrites ``ROOT/docs/functions.md``
atomically; a test keeps the committed page equal to a fresh generation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import model
from ..files.writing import write_atomically
from ..functions import (
    AMOUNTS,
    CHOICE,
    FUNCTIONS,
    KINDS,
    RETURNS_MONTHS,
    RETURNS_NUMBER,
    Argument,
    Function,
)
from . import cells

#: Where the page lives, relative to the project root.
PAGE = Path("docs") / "functions.md"

_RETURNS = {
    RETURNS_NUMBER: "a number",
    RETURNS_MONTHS: "a number of months, or the text `never`",
}


def page() -> str:
    """The whole reference page as Markdown."""
    parts = [
        "# Excel function reference",
        "",
        "Generated from the table of functions (`xlincome/functions.py`) by "
        "`make reference`; do not edit by hand. How to make these "
        "functions available in Excel: [excel.md](excel.md).",
        "",
        "Money is per month, hours per week (`build_hours` in total, "
        "`maintenance_hours` per month), rates and shares are fractions "
        "(`0.25` is 25 %). Arguments in brackets are optional: leave them "
        "blank for their default. A bad argument shows a message naming it "
        "and its rule instead of a result; a result beyond the largest number "
        f"a cell holds shows `{cells.TOO_LARGE}`.",
        "",
        *(f"- [{function.excel_name}](#{function.excel_name.lower()})" for function in FUNCTIONS),
        "",
    ]
    for function in FUNCTIONS:
        parts.extend(_section(function))
    return "\n".join(parts).rstrip("\n") + "\n"


def write(root: Path) -> Path:
    """Write the page under the project ``root``, whole or not at all; return its path.

    Raises ``FileNotFoundError`` when ``root`` is not the xlincome project
    (no ``xlincome/functions.py`` under it), so that the page never lands in
    a folder that merely happens to be current.
    """
    if not (root / "xlincome" / "functions.py").is_file():
        raise FileNotFoundError(f"{root} is not the xlincome project folder (no xlincome/functions.py in it)")
    path = root / PAGE
    path.parent.mkdir(exist_ok=True)
    text = page()
    return write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"),
                            overwrite=True)


def _section(function: Function) -> list[str]:
    call = ", ".join(a.name if not a.optional else f"[{a.name}]" for a in function.arguments)
    lines = [
        f"## {function.excel_name}",
        "",
        function.doc,
        "",
        f"    ={function.excel_name}({call})",
        "",
        f"Python: `xlincome.model.{function.name}`. Returns {_returns(function)}.",
        "",
        "| argument | default | rule | description |",
        "|---|---|---|---|",
        *(_argument_row(argument) for argument in function.arguments),
        "",
        "Examples:",
        "",
        "| formula | result |",
        "|---|---|",
        *(f"| `{_formula(function, kwargs)}` | {_shown(cells.value(expected, function.returns_for(kwargs.get('result'))))} |"
          for kwargs, expected in function.examples),
        "",
    ]
    return lines


def _returns(function: Function) -> str:
    if function.returns in _RETURNS:
        return _RETURNS[function.returns]
    choice = next(a for a in function.arguments if a.kind == CHOICE)
    extra = " (`table` spills a two-column table: label, value)" if "table" in choice.choices else ""
    if function.table_result:
        extra = (f" (`{function.table_result}`, for one profile, spills a table under a header row; "
                 "months are `never` when they never come)")
    return f"what `{choice.name}` asks for{extra}"


def _argument_row(argument: Argument) -> str:
    default = "required" if not argument.optional else (
        "not given" if argument.default is None else f"`{_shown(argument.default)}`")
    if argument.kind == KINDS:
        rule = (f"active: {', '.join(model.ACTIVE_KINDS)}; scalable: {', '.join(model.SCALABLE_KINDS)} "
                "(any case)")
    elif argument.kind == CHOICE:
        rule = "one of " + ", ".join(argument.choices)
    else:
        rule = argument.rule.text
    if argument.kind == AMOUNTS:
        rule += " (a range)"
    return f"| `{argument.name}` | {default} | {rule} | {argument.doc} |"


def _formula(function: Function, kwargs: dict[str, Any]) -> str:
    names = [argument.name for argument in function.arguments]
    last = max(names.index(name) for name in kwargs)
    cells = [_literal(kwargs[name]) if name in kwargs else "" for name in names[:last + 1]]
    return f"={function.excel_name}({', '.join(cells)})"


def _literal(value: Any) -> str:
    """A value as an Excel formula writes it; a list as a column array constant."""
    if isinstance(value, (list, tuple)):
        return "{" + ";".join(_literal(item) for item in value) + "}"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:.15g}"


def _shown(value: Any) -> str:
    """A cell value as the page prints it: texts as they are, numbers as messages quote them."""
    return value if isinstance(value, str) else cells.shown(value)


def main(argv: list[str] | None = None) -> int:
    """``python -m xlincome.excel.reference [ROOT]``: regenerate ``ROOT/docs/functions.md``."""
    parser = argparse.ArgumentParser(prog="python -m xlincome.excel.reference", description=main.__doc__)
    parser.add_argument("root", nargs="?", type=Path, default=Path("."),
                        help="the xlincome project folder (default: the current folder)")
    root = parser.parse_args(argv).root
    try:
        print(f"Wrote {write(root)}")
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
