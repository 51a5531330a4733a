"""Batch generation: one personalized workbook per valid profile, written safely.

Every row is checked against the model's rules (:func:`xlincome.batch.validate`)
before anything is written for it; bad rows go to ``errors.csv`` in the output
folder and the good rows are still generated.  File names are made safe and
unique in row order (:mod:`xlincome.text.filenames`), so a run gives the same files
whatever the number of processes, and a rerun finds the files of an earlier
run under the same names: they are kept and counted as skipped unless
``force``.  Each workbook is written to a temporary file in the output folder
and renamed into place (:func:`xlincome.files.writing.write_atomically`), so a killed
run leaves only complete workbooks.

Rows go to worker processes in small chunks with a bounded number of chunks
in flight: memory stays flat however many profiles there are.  Each worker
loads the template once (:class:`xlincome.workbooks.personalize.Template`).

Signals: Ctrl-C (SIGINT) and SIGTERM stop a run the same way: no new
workbook is started, the ones being written are finished, and the summary
says the run was interrupted (exit code 128 + the signal's number).  The
workers leave both signals to the parent; they end with it whatever ends it,
``kill -9`` included (:func:`_start_worker`), removing the temporary file
they were writing.  A run removes only temporaries whose writing process is
gone (:func:`xlincome.files.writing.remove_stale_temporaries`), so two runs into one
folder never remove each other's.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import os
import signal
import sys
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

from .. import batch
from ..files.writing import (
    FileExists,
    process_alive,
    remove_stale_temporaries,
    remove_unfinished,
    write_atomically,
)
from ..text.filenames import UniqueNames
from ..text.spreadsheet import write_csv
from .personalize import Template

ERRORS_FILE = "errors.csv"
GENERATED, SKIPPED, FAILED = "generated", "skipped", "failed"
#: Profiles handed to a worker at a time: small enough for a responsive progress bar and Ctrl-C.
CHUNK_ROWS = 50
#: Signals that stop a run cleanly (Ctrl-C, and what ``kill``, ``timeout`` and service managers send).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Seconds between a worker's looks at whether its parent process is still there.
PARENT_WATCH_SECONDS = 0.5
#: ``PR_SET_PDEATHSIG`` of ``<linux/prctl.h>``.
_PR_SET_PDEATHSIG = 1

#: One workbook to write: row number, file name, the person's name, (input, value) pairs.
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
    #: The signal that stopped the run (``signal.SIGINT`` for Ctrl-C), when ``interrupted``.
    stop_signal: int = 0
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
        The loaded template workbook (see :mod:`xlincome.workbooks.personalize`).
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
        Also when interrupted with Ctrl-C or SIGTERM (``interrupted`` is then
        true and ``stop_signal`` says which).

    Raises
    ------
    ProfileSchemaError
        When required columns are missing: before any file is written.
    OSError
        When ``out`` cannot be created.
    """
    started = time.perf_counter()
    numbers, problems = batch.checked_numbers(frame)
    columns = template.columns
    if template.optional:  # the Risk sheet's inputs, from the profile's risk columns where it has them
        risk, risk_problems = batch.checked_risk(frame)
        given = tuple(name for name in template.optional if name in risk and name in frame.columns)
        numbers = {**numbers, **{name: risk[name] for name in given}}
        problems = pd.concat([problems, risk_problems], ignore_index=True)
        columns = (*columns, *given)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    summary = Summary(failed=problems["row"].nunique(), errors_file=out / ERRORS_FILE)
    _write_errors(summary.errors_file, problems, frame["name"])
    items = _items(frame, numbers, set(problems["row"]), columns)
    total = len(frame) - summary.failed
    with _signals_set(_Stop()) as stop:
        if jobs <= 1:
            _run_here(items, total, template, out, force, summary, progress, stop)
        else:
            _run_pool(items, total, template, out, force, jobs, summary, progress, stop)
        summary.interrupted, summary.stop_signal = stop.is_set(), stop.number
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
        yield int(row), file, name, tuple((column, None if math.isnan(v) else float(v))
                                          for column, v in zip(columns, values[position]))


def _write_errors(path: Path, problems: pd.DataFrame, names: pd.Series) -> None:
    """``errors.csv``: row, the profile's name, column, value, rule; every text inert
    (:func:`xlincome.text.spreadsheet.write_csv`)."""
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
        cells = dict(values)
        try:
            write_atomically(path, lambda temporary: temporary.write_bytes(self.template.fill(name, cells)),
                             overwrite=self.force)
        except FileExists:
            return Outcome(row, file, SKIPPED)
        except OSError as error:
            return Outcome(row, file, FAILED, error.strerror or str(error))
        except Exception as error:  # the row's last line of defence: the other rows are still written
            return Outcome(row, file, FAILED, f"unexpected {type(error).__name__}: {error}")
        return Outcome(row, file, GENERATED)


_WRITER: _Writer | None = None


def _start_worker(template: Template, out: Path, force: bool, run: int) -> None:
    """Worker start-up (the template arrives once per process); ``run`` is the run's process id.

    Ctrl-C and SIGTERM are the run's to handle: it finishes the running
    chunks and shuts the pool down.  The worker ends when the run's process
    or the worker's own parent (the same process, or multiprocessing's fork
    server) is gone, whatever ended it: on Linux the kernel sends SIGTERM at
    once (``prctl(PR_SET_PDEATHSIG)``); everywhere a watchdog thread looks
    every :data:`PARENT_WATCH_SECONDS`.  The temporary the worker was
    writing is removed first.
    """
    global _WRITER
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda number, frame: _end_if_orphaned(parent, run))
    _ask_for_a_signal_when_the_parent_dies(signal.SIGTERM)
    threading.Thread(target=_watch_parent, args=(parent, run), name="xlincome-parent-watch", daemon=True).start()
    _end_if_orphaned(parent, run)  # the run may have ended already, before the kernel was asked
    _WRITER = _Writer(template, out, force)


def _end_if_orphaned(parent: int, run: int) -> None:
    """End this worker at once, removing its unfinished temporary, when its parent or the run is gone."""
    if os.getppid() != parent or not process_alive(run):
        remove_unfinished()
        os._exit(1)


def _watch_parent(parent: int, run: int) -> None:
    while True:
        time.sleep(PARENT_WATCH_SECONDS)
        _end_if_orphaned(parent, run)


def _ask_for_a_signal_when_the_parent_dies(number: int) -> None:
    """Linux only: ``prctl(PR_SET_PDEATHSIG, number)``; elsewhere the watchdog alone."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, number, 0, 0, 0)
    except (OSError, AttributeError):  # no usable libc: the watchdog still works
        pass



def _write_chunk(chunk: list[Item]) -> list[Outcome]:
    return [_WRITER.write(item) for item in chunk]


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK_ROWS)):
        yield chunk


class _Stop(threading.Event):
    """Set when the run is to stop; ``number`` is the signal that asked (0: none)."""

    number: int = 0

    def ask(self, number: int, frame=None) -> None:
        self.number = self.number or number
        self.set()


@contextmanager
def _signals_set(stop: _Stop) -> Iterator[_Stop]:
    """Within the block, Ctrl-C (SIGINT) and SIGTERM set ``stop`` instead of ending the process.

    The run then stops between workbooks, after counting every workbook that
    reached the disk, so the summary matches the folder.  (Outside the main
    thread no signal arrives, and nothing is installed.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {number: signal.signal(number, stop.ask) for number in STOP_SIGNALS}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _run_here(items: Iterable[Item], total: int, template: Template, out: Path, force: bool, summary: Summary,
              progress: Callable[[int, int], None] | None, stop: _Stop) -> None:
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
              summary: Summary, progress: Callable[[int, int], None] | None, stop: _Stop) -> None:
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

    with ProcessPoolExecutor(jobs, initializer=_start_worker,
                             initargs=(template, out, force, os.getpid())) as executor:
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
