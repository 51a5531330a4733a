"""Batch generation: one personalized workbook per valid profile, written safely.

Every row is checked against the model's rules (:func:`xlincome.batch.validate`)
before anything is written for it; bad rows go to ``errors.csv`` in the output
folder and the good rows are still generated.  File names are made safe and
unique in row order (:mod:`xlincome.filenames`), so a run gives the same files
whatever the number of processes, and a rerun finds the files of an earlier
run under the same names: they are kept and counted as skipped unless
``force``.  Each workbook is written to a temporary file in the output folder
and renamed into place (:func:`xlincome.files.write_atomically`), so a killed
run leaves only complete workbooks.

Rows go to worker processes in small chunks with a bounded number of chunks
in flight: memory stays flat however many profiles there are.  Each worker
loads the template once (:class:`xlincome.personalize.Template`).
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from . import batch
from .filenames import SUFFIX, UniqueNames
from .files import FileExists, write_atomically
from .personalize import Template
from .safe_text import write_csv

ERRORS_FILE = "errors.csv"
GENERATED, SKIPPED, FAILED = "generated", "skipped", "failed"
#: Profiles handed to a worker at a time: small enough for a responsive progress bar and Ctrl-C.
CHUNK_ROWS = 50

#: One workbook to write: row number, file name, the person's name, input values in template order.
Item = tuple[int, str, str, tuple]


@dataclass(frozen=True)
class Outcome:
    """What happened to one good row."""

    row: int
    file: str
    status: str
    detail: str = ""


@dataclass
class Summary:
    """The run so far: counts, time and where the bad rows are listed."""

    generated: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    errors_file: Path | None = None
    write_failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == GENERATED:
            self.generated += 1
        elif outcome.status == SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1
            self.write_failures.append(outcome)


def default_jobs() -> int:
    """Processes to use by default: the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def generate(frame: pd.DataFrame, template: Template, out: Path, *, jobs: int = 1, force: bool = False,
             progress: Callable[[int, int], None] | None = None) -> Summary:
    """Write one workbook per valid row of ``frame`` into ``out``.

    Parameters
    ----------
    frame : DataFrame
        Profiles as :func:`xlincome.profiles.read_profiles` returns them
        (index: the row number the user sees in the file).
    template : Template
        The loaded template workbook (see :mod:`xlincome.personalize`).
    out : path
        Output folder, created if needed.
    jobs : int
        Worker processes; 1 writes in this process.
    force : bool
        Overwrite existing workbooks instead of skipping them.
    progress : callable
        Called with (workbooks done, workbooks to do) as chunks finish.

    Returns
    -------
    Summary
        Also when interrupted with Ctrl-C (``interrupted`` is then true).

    Raises
    ------
    ProfileSchemaError
        When required columns are missing: before any file is written.
    OSError
        When ``out`` cannot be created.
    """
    started = time.perf_counter()
    numbers, problems = batch.checked_numbers(frame)
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out)
    summary = Summary(failed=problems["row"].nunique(), errors_file=out / ERRORS_FILE)
    _write_errors(summary.errors_file, problems, frame["name"])
    items = _items(frame, numbers, set(problems["row"]), template.columns)
    total = len(frame) - summary.failed
    with _ctrl_c_sets(threading.Event()) as stop:
        if jobs <= 1:
            _run_here(items, total, template, out, force, summary, progress, stop)
        else:
            _run_pool(items, total, template, out, force, jobs, summary, progress, stop)
        summary.interrupted = stop.is_set()
    if summary.write_failures:
        _write_errors(summary.errors_file, pd.concat([problems, _failure_table(summary.write_failures)],
                                                     ignore_index=True), frame["name"])
    summary.seconds = time.perf_counter() - started
    return summary


def _items(frame: pd.DataFrame, numbers: dict[str, np.ndarray], bad_rows: set,
           columns: tuple[str, ...]) -> Iterator[Item]:
    """The workbooks to write, in row order; every named row takes its file name, so fixing a
    bad row later does not rename the others."""
    names = UniqueNames()
    values = np.column_stack([numbers[column] for column in columns])
    for position, (row, name) in enumerate(zip(frame.index, frame["name"])):
        if not isinstance(name, str) or not name.strip():
            continue
        file = names.take(name)
        if row in bad_rows:
            continue
        yield int(row), file, name, tuple(None if math.isnan(v) else float(v) for v in values[position])


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary files a killed run left behind (never complete workbooks)."""
    for leftover in out.glob(f".*{SUFFIX}.part"):
        leftover.unlink(missing_ok=True)


def _write_errors(path: Path, problems: pd.DataFrame, names: pd.Series) -> None:
    """``errors.csv``: row, the profile's name, column, value, rule; every text inert
    (:func:`xlincome.safe_text.write_csv`)."""
    table = problems[batch.PROBLEM_COLUMNS].copy()
    table.insert(1, "name", names.reindex(table["row"]).to_numpy())
    write_csv(table, path, overwrite=True)


def _failure_table(failures: list[Outcome]) -> pd.DataFrame:
    return pd.DataFrame({"row": [f.row for f in failures], "column": "file",
                         "value": [f.file for f in failures],
                         "rule": [f"could not be written: {f.detail}" for f in failures]})


# -- writing --------------------------------------------------------------------------------

@dataclass
class _Writer:
    """What a process needs to write workbooks: the loaded template and the run's options."""

    template: Template
    out: Path
    force: bool

    def write(self, item: Item) -> Outcome:
        row, file, name, values = item
        path = self.out / file
        if path.exists() and not self.force:
            return Outcome(row, file, SKIPPED)
        cells = dict(zip(self.template.columns, values))
        try:
            write_atomically(path, lambda temporary: temporary.write_bytes(self.template.fill(name, cells)),
                             overwrite=self.force)
        except FileExists:
            return Outcome(row, file, SKIPPED)
        except OSError as error:
            return Outcome(row, file, FAILED, error.strerror or str(error))
        return Outcome(row, file, GENERATED)


_WRITER: _Writer | None = None


def _start_worker(template: Template, out: Path, force: bool) -> None:
    """Worker start-up (the template arrives once per process): Ctrl-C is the parent's to handle."""
    global _WRITER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WRITER = _Writer(template, out, force)


def _write_chunk(chunk: list[Item]) -> list[Outcome]:
    return [_WRITER.write(item) for item in chunk]


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        yield chunk


@contextmanager
def _ctrl_c_sets(stop: threading.Event) -> Iterator[threading.Event]:
    """Within the block, Ctrl-C (SIGINT) sets ``stop`` instead of raising.

    The run then stops between workbooks, after counting every workbook that
    reached the disk, so the summary matches the folder.  (Outside the main
    thread no signal arrives, and nothing is installed.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_here(items: Iterable[Item], total: int, template: Template, out: Path, force: bool, summary: Summary,
              progress: Callable[[int, int], None] | None, stop: threading.Event) -> None:
    writer = _Writer(template, out, force)
    done = 0
    for chunk in _chunks(items):
        for item in chunk:
            if stop.is_set():
                return
            summary.add(writer.write(item))
            done += 1
        if progress:
            progress(done, total)


def _run_pool(items: Iterable[Item], total: int, template: Template, out: Path, force: bool, jobs: int,
              summary: Summary, progress: Callable[[int, int], None] | None, stop: threading.Event) -> None:
    """Chunks to ``jobs`` processes, at most two chunks per process in flight.

    On ``stop``, chunks not yet started are cancelled and the running ones
    finish and are counted.
    """
    done = 0
    pending: set[Future] = set()

    def collect_finished(block: bool) -> None:
        nonlocal pending, done
        finished, pending = wait(pending, timeout=None if block else 0.1, return_when=FIRST_COMPLETED)
        done += _collect(finished, summary)
        if progress and finished:
            progress(done, total)

    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(template, out, force)) as executor:
        for chunk in _chunks(items):
            if stop.is_set():
                break
            pending.add(executor.submit(_write_chunk, chunk))
            while len(pending) >= 2 * jobs and not stop.is_set():
                collect_finished(block=False)
        while pending and not stop.is_set():
            collect_finished(block=False)
        if pending:
            pending = {future for future in pending if not future.cancel()}
            while pending:
                collect_finished(block=True)


def _collect(finished: Iterable[Future], summary: Summary) -> int:
    count = 0
    for future in finished:
        for outcome in future.result():
            summary.add(outcome)
            count += 1
    return count
