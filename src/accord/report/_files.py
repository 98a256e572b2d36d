"""Writing reports and figures: atomic writes into folders that are checked first.

A file is written to a temporary file in its own folder and moved into place with
`os.replace`, so a reader (or a crash) never sees half a report.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from accord.errors import OutputError

__all__ = ["check_target", "prepare_folder", "write_atomic"]


def prepare_folder(folder: str | Path) -> Path:
    """Create `folder` (and its parents) if needed; refuse a file or a read-only folder."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: is a file, expected a folder for the figures")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot create the folder: {error.strerror}") from None
    if not os.access(path, os.W_OK):
        raise OutputError(f"{path}: the folder is not writable")
    return path


def check_target(path: str | Path) -> Path:
    """Check that a file can be written at `path`: its folder exists, it is no folder."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, expected a file name")
    if not target.parent.is_dir():
        raise OutputError(f"{target}: the folder {target.parent} does not exist")
    if not os.access(target.parent, os.W_OK):
        raise OutputError(f"{target}: the folder {target.parent} is not writable")
    return target


def write_atomic(path: str | Path, content: bytes) -> Path:
    """Write `content` to `path` through a temporary file in the same folder."""
    target = check_target(path)
    folder = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"{target}: cannot write in {folder}: {error.strerror}") from None
    # mkstemp makes the file private (0600); a report is meant to be shared.
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
