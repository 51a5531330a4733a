"""Writing files so that nothing is lost: whole or not at all, never clobbering by surprise.

A file is written to a hidden temporary file beside it, ``.STEM.PID-RANDOM.SUFFIX.part``,
and renamed into place when complete.  The temporary's name carries the id
of the process writing it, so that a later run removes only the temporaries
of processes that are gone (:func:`remove_stale_temporaries`), never those
of a run still writing into the same folder.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable

#: A temporary of :func:`write_atomically`: the writer's process id, then ``tempfile``'s 8 random characters.
_TEMPORARY = re.compile(r"^\..*\.(?P<pid>[0-9]+)-[a-z0-9_]{8}\.[^.]+\.part$")
#: Folders this process has written temporaries into (looked through by :func:`remove_unfinished`).
_FOLDERS: set[Path] = set()


class FileExists(FileExistsError):
    """The target exists and overwriting was not asked for."""


def _default_mode() -> int:
    """The permissions a plain ``open(path, "w")`` would give: 0o666 less the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _default_mode()


def write_atomically(path: str | Path, write: Callable[[Path], None], *, overwrite: bool = False) -> Path:
    """Call ``write(temporary_path)`` and move the finished file onto ``path``.

    The temporary file sits in the target's folder, so the final rename is
    atomic: a reader (or a run killed part-way) sees the old file or the new
    one, never half of one.  The file gets the usual permissions (not the
    private ones of a temporary file).  Raises :class:`FileExists` when
    ``path`` exists and ``overwrite`` is false, and ``FileNotFoundError``
    naming the folder when it does not exist.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExists(f"{path} exists; pass --force to overwrite it")
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    _FOLDERS.add(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.{os.getpid()}-", suffix=path.suffix + ".part",
                                         dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, _FILE_MODE)
        if overwrite:
            os.replace(temporary, path)
        else:
            _move_without_clobbering(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_to(target, data: bytes) -> None:
    """Write ``data`` to ``target``: a binary file object, or a path (openpyxl's ``save`` takes either)."""
    if hasattr(target, "write"):
        target.write(data)
    else:
        with open(target, "wb") as handle:
            handle.write(data)


def remove_unfinished() -> None:
    """Remove every temporary of this process, for a process about to end without unwinding
    (a worker whose parent is gone).

    Looked up by the process id in their names rather than kept in a list, so
    that one whose creation the ending interrupted is removed too.
    """
    own = os.getpid()
    for folder in list(_FOLDERS):
        for candidate in folder.glob(".*.part"):
            match = _TEMPORARY.match(candidate.name)
            if match and int(match["pid"]) == own:
                candidate.unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporaries in ``folder`` whose writing process is gone (a run killed
    part-way); those of live processes (another run writing into the same folder) are kept.
    Returns the files removed."""
    removed = []
    for candidate in folder.glob(".*.part"):
        match = _TEMPORARY.match(candidate.name)
        if match and not process_alive(int(match["pid"])):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on POSIX; elsewhere every process counts as alive,
    so nothing another run may be writing is ever removed)."""
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except OverflowError:  # not a process id at all
        return False
    return True


def _move_without_clobbering(temporary: str, path: Path) -> None:
    """Rename ``temporary`` to ``path`` unless ``path`` exists by now.

    A hard link fails if the target appeared meanwhile, so nothing is ever
    clobbered; on file systems without hard links (FAT, some network shares)
    an existence check before the rename stands in for it.
    """
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise FileExists(f"{path} exists; pass --force to overwrite it") from None
    except OSError:
        if path.exists():
            raise FileExists(f"{path} exists; pass --force to overwrite it") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)
