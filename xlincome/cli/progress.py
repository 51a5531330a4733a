"""How a long run reports (generate's workbooks, evaluate's odds): a progress bar on a terminal,
plain lines in a log, a summary."""

from __future__ import annotations

import signal

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..text.terminal import inert
from ..workbooks.generate import Summary
from .exits import EXIT_OK, EXIT_ROWS_FAILED

#: How the summary names the signals that stop a run.
_STOPPED_BY = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}


class RunProgress:
    """Shows (done, total) as a rich progress bar on a terminal; otherwise prints a plain
    line at every tenth of the run, so logs stay short and readable."""

    def __init__(self, console: Console, doing: str = "writing workbooks", unit: str = "workbooks"):
        self.console = console
        self.doing, self.unit = doing, unit
        self._bar: Progress | None = None
        self._task = None
        self._next_tenth = 1

    def __enter__(self) -> "RunProgress":
        if self.console.is_terminal:
            self._bar = Progress(TextColumn(self.doing), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=self.console, transient=True)
            self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def __call__(self, done: int, total: int) -> None:
        if self._bar is not None:
            if self._task is None:
                self._task = self._bar.add_task(self.unit, total=total)
            self._bar.update(self._task, completed=done)
            return
        while total and done * 10 >= self._next_tenth * total and self._next_tenth <= 10:
            self.console.print(f"{done}/{total} {self.unit}", highlight=False)
            self._next_tenth = done * 10 // total + 1


def show_summary(console: Console, summary: Summary) -> None:
    """The counts, the time, and where to look next."""
    if summary.interrupted:
        by = _STOPPED_BY.get(summary.stop_signal, f"signal {summary.stop_signal}")
        console.print(Text.assemble(("interrupted", "yellow"), f" by {by}: finished workbooks are complete;"
                                    " run the same command again to write the rest"))
    console.print(f"generated {summary.generated}, skipped {summary.skipped}, failed {summary.failed}"
                  f" in {summary.seconds:.1f} s", highlight=False)
    if summary.failed:
        console.print(Text(f"bad rows are listed in {inert(summary.errors_file)}"))


def exit_code(summary: Summary) -> int:
    """0 every row succeeded, 1 some rows failed, 128 + the signal's number when stopped by
    one (130 Ctrl-C, 143 SIGTERM)."""
    if summary.interrupted:
        return 128 + (summary.stop_signal or signal.SIGINT)
    return EXIT_ROWS_FAILED if summary.failed else EXIT_OK
