"""Writing files so that nothing is lost: whole or not at all, never clobbering by surprise."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable


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
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".part",
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
