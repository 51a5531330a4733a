"""A generate run killed part-way (SIGKILL) or stopped with Ctrl-C (SIGINT), in a real process."""

import os
import signal
import subprocess
import sys
import time

import openpyxl
from click.testing import CliRunner
from generate_fixtures import ANA, mini_template, profiles_csv

from xlincome.cli import main

ROWS = 2000
COMMAND = [sys.executable, "-c", "from xlincome.cli import main; main()", "generate"]


def start(tmp_path, jobs):
    profiles = profiles_csv(tmp_path / "p.csv", [{**ANA, "name": f"P{i}", "cash": i} for i in range(ROWS)])
    template = mini_template(tmp_path / "mini.xlsx")
    args = [str(profiles), "--template", str(template), "--out", str(tmp_path / "out"), "--jobs", str(jobs)]
    process = subprocess.Popen([*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, args


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
