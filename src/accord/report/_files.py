"""Writing reports and figures: atomic writes of regular files into folders checked first.

A file is written to a temporary file in its own folder and moved into place with
`os.replace`, so a reader (or a crash) never sees half a report. Only regular files are
written: a symbolic link, a named pipe, a device or a socket at the target is refused,
never replaced (replacing `/dev/null` with a report, or a link with a copy, would destroy
something the user did not ask to touch). Any failure while writing (a full disk, a
file-size limit, a permission) becomes one `OutputError` and leaves no file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from accord.errors import OutputError

__all__ = ["check_folder", "check_target", "prepare_folder", "write_atomic"]


def check_folder(folder: str | Path) -> Path:
    """Check, creating nothing, that `folder` is or can be made a writable folder."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: {_kind(path)}, expected a folder to write in")
    existing = next(p for p in (path, *path.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(f"{path}: {existing} {_kind(existing)}, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: the folder {existing} is not writable")
    return path


def prepare_folder(folder: str | Path) -> Path:
    """Create `folder` (and its parents) if needed; refuse a file or a read-only folder."""
    path = check_folder(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot create the folder: {_reason(error)}") from None
    if not os.access(path, os.W_OK):
        raise OutputError(f"{path}: the folder is not writable")
    return path


def check_target(path: str | Path) -> Path:
    """Check that a regular file can be written at `path`.

    Its folder must exist and be writable; the path itself must be new or a regular
    file: a folder, a symbolic link, a named pipe, a device or a socket is refused.
    """
    target = Path(path)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise OutputError(f"{target}: cannot write here: {_reason(error)}") from None
    if mode is not None and not stat.S_ISREG(mode):
        expected = "a file name" if stat.S_ISDIR(mode) else "a regular file or a new name"
        raise OutputError(f"{target}: {_kind(target)}, expected {expected}")
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
        raise OutputError(f"{target}: cannot write in {folder}: {_reason(error)}") from None
    # mkstemp makes the file private (0600); a report is meant to be shared.
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(
            f"{target}: could not be written ({len(content):,} bytes): {_reason(error)}; "
            "nothing was written"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _kind(path: Path) -> str:
    """Say what is at `path`, for a message."""
    mode = os.lstat(path).st_mode
    kinds = (
        (stat.S_ISLNK, "is a symbolic link"),
        (stat.S_ISDIR, "is a folder"),
        (stat.S_ISFIFO, "is a named pipe"),
        (stat.S_ISCHR, "is a device"),
        (stat.S_ISBLK, "is a device"),
        (stat.S_ISSOCK, "is a socket"),
        (stat.S_ISREG, "is a file"),
    )
    return next((text for test, text in kinds if test(mode)), "is not a regular file")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
