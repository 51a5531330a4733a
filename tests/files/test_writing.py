"""Writing files whole or not at all, never over an existing file unless asked."""

import os
import stat

import pytest

from xlincome.files import writing as files
from xlincome.files.writing import FileExists, write_atomically


def test_written_file_has_the_usual_permissions_not_a_temporary_files(tmp_path):
    path = write_atomically(tmp_path / "plan.xlsx", lambda temporary: temporary.write_bytes(b"x"))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_existing_file_is_kept_unless_overwrite_and_no_temporary_is_left(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(FileExists):
        write_atomically(path, lambda temporary: temporary.write_bytes(b"new"))
    assert path.read_bytes() == b"precious"
    write_atomically(path, lambda temporary: temporary.write_bytes(b"new"), overwrite=True)
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]


def test_a_failed_write_leaves_nothing(tmp_path):
    def broken(temporary):
        temporary.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(tmp_path / "plan.xlsx", broken)
    assert list(tmp_path.iterdir()) == []


def test_file_systems_without_hard_links_still_get_the_file_and_no_clobbering(tmp_path, monkeypatch):
    def no_links(source, target):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(files.os, "link", no_links)
    path = write_atomically(tmp_path / "plan.xlsx", lambda temporary: temporary.write_bytes(b"x"))
    assert path.read_bytes() == b"x"
    with pytest.raises(FileExists):
        write_atomically(path, lambda temporary: temporary.write_bytes(b"y"))
    assert path.read_bytes() == b"x"


def test_missing_folder_is_named_in_the_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder.*missing"):
        write_atomically(tmp_path / "missing" / "plan.xlsx", lambda temporary: temporary.write_bytes(b"x"))
