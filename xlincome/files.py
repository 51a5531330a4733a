"""Writing files so that nothing is lost: whole or not at all, never clobbering by surprise."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


class FileExists(FileExistsError):
    """The target exists and overwriting was not asked for."""


def write_atomically(path: str | Path, write: Callable[[Path], None], *, overwrite: bool = False) -> Path:
    """Call ``write(temporary_path)`` and move the finished file onto ``path``.

    The temporary file sits in the target's folder, so the final rename is
    atomic: a reader (or a run killed part-way) sees the old file or the new
    one, never half of one.  Raises :class:`FileExists` when ``path`` exists
    and ``overwrite`` is false.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExists(f"{path} exists; pass --force to overwrite it")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".part",
                                         dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        if overwrite:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # fails if path appeared meanwhile: never clobber
            except FileExistsError:
                raise FileExists(f"{path} exists; pass --force to overwrite it") from None
            os.unlink(temporary)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
