"""A generate run killed part-way (SIGKILL), stopped with Ctrl-C (SIGINT) or SIGTERM, and two
runs into one folder at once, in real processes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from generate_fixtures import ANA, mini_template, profiles_csv

from xlincome.cli import main

ROWS = 2000
COMMAND = [sys.executable, "-c", "from xlincome.cli import main; main()", "generate"]


def start(tmp_path, jobs, rows=ROWS):
    profiles = tmp_path / "p.csv"
    if not profiles.exists():
        profiles_csv(profiles, [{**ANA, "name": f"P{i}", "cash": i} for i in range(rows)])
        mini_template(tmp_path / "mini.xlsx")
    args = [str(profiles), "--template", str(tmp_path / "mini.xlsx"), "--out", str(tmp_path / "out"),
            "--jobs", str(jobs)]
    process = subprocess.Popen([*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, args


def children(pid):
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid):
    """True while ``pid`` exists and is not a zombie (an ended process its new parent has not reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for_workbooks(folder, count, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if folder.exists() and sum(1 for _ in folder.glob("*.xlsx")) >= count:
            return
        time.sleep(0.005)
    raise AssertionError(f"fewer than {count} workbooks appeared before the run ended")


def test_sigkill_leaves_only_complete_workbooks_and_the_rerun_writes_the_rest(tmp_path):
    process, args = start(tmp_path, jobs=1)
    wait_for_workbooks(tmp_path / "out", 100, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = sorted((tmp_path / "out").glob("*.xlsx"))
    assert 100 <= len(finished) < ROWS
    for path in finished:
        book = openpyxl.load_workbook(path)
        assert book["My plan"]["B2"].value == path.stem
        assert book["My plan"]["B20"].value == int(path.stem[1:])  # the cash input: P17 has cash 17
    rerun = CliRunner().invoke(main, ["generate", *args])
    assert rerun.exit_code == 0, rerun.output
    assert f"generated {ROWS - len(finished)}, skipped {len(finished)}, failed 0" in rerun.output
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == ROWS
    assert not list((tmp_path / "out").glob(".*"))


def test_ctrl_c_stops_the_workers_and_prints_the_summary_so_far(tmp_path):
    process, _ = start(tmp_path, jobs=2)
    wait_for_workbooks(tmp_path / "out", 100, process)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 130, output
    assert "interrupted" in output and "Traceback" not in output
    written = len(list((tmp_path / "out").glob("*.xlsx")))
    assert 100 <= written < ROWS
    assert f"generated {written}, skipped 0, failed 0" in output
    assert not list((tmp_path / "out").glob(".*.part"))


def test_sigterm_stops_like_ctrl_c_with_the_summary_exit_143_and_no_temporary(tmp_path):
    process, _ = start(tmp_path, jobs=2)
    wait_for_workbooks(tmp_path / "out", 100, process)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 143, output
    assert "interrupted by SIGTERM" in output and "Traceback" not in output
    written = len(list((tmp_path / "out").glob("*.xlsx")))
    assert 100 <= written < ROWS
    assert f"generated {written}, skipped 0, failed 0" in output
    assert not list((tmp_path / "out").glob(".*.part"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lists processes through /proc")
def test_kill_9_of_the_run_ends_its_workers_within_seconds_and_they_leave_no_temporary(tmp_path):
    process, args = start(tmp_path, jobs=2)
    wait_for_workbooks(tmp_path / "out", 100, process)
    workers = children(process.pid)
    assert len(workers) >= 2  # the two workers (and perhaps multiprocessing's resource tracker)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(running(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if running(pid)]
    assert not list((tmp_path / "out").glob(".*.part"))
    finished = len(list((tmp_path / "out").glob("*.xlsx")))
    time.sleep(0.5)  # nothing is written any more
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == finished
    rerun = CliRunner().invoke(main, ["generate", *args])
    assert f"generated {ROWS - finished}, skipped {finished}, failed 0" in rerun.output


def test_two_runs_into_one_folder_at_once_both_succeed_and_leave_every_workbook_once(tmp_path):
    rows = 600
    first, _ = start(tmp_path, jobs=1, rows=rows)
    wait_for_workbooks(tmp_path / "out", 30, first)
    second, _ = start(tmp_path, jobs=1, rows=rows)  # its start-up clean-up runs while the first writes
    outputs = [process.communicate(timeout=120)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    counts = []
    for output in outputs:
        line = next(line for line in output.splitlines() if line.startswith("generated "))
        generated, skipped = (int(part.split()[-1]) for part in line.split(" in ")[0].split(", ")[:2])
        counts.append((generated, skipped))
        assert "failed 0" in line and generated + skipped == rows
    assert sum(generated for generated, _ in counts) == rows
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == rows
    assert not list((tmp_path / "out").glob(".*"))


SLOW_WRITER = """
import sys, time
from pathlib import Path
from xlincome.files.writing import write_atomically

def slowly(temporary):
    temporary.write_bytes(b"whole")
    Path(sys.argv[2]).touch()  # the temporary exists: the other run may start
    time.sleep(2)

write_atomically(Path(sys.argv[1]), slowly)
"""


def test_a_run_never_removes_the_temporary_another_live_process_is_writing(tmp_path):
    out, ready = tmp_path / "out", tmp_path / "ready"
    out.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(out / "Zed.xlsx"), str(ready)])
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    profiles = profiles_csv(tmp_path / "p.csv", [{**ANA, "name": f"P{i}"} for i in range(3)])
    run = CliRunner().invoke(main, ["generate", str(profiles), "--template", str(mini_template(tmp_path / "m.xlsx")),
                                    "--out", str(out), "--jobs", "1"])
    assert run.exit_code == 0, run.output
    assert writer.wait(timeout=30) == 0  # its temporary was still there to be renamed into place
    assert (out / "Zed.xlsx").read_bytes() == b"whole"
    assert not list(out.glob(".*"))
