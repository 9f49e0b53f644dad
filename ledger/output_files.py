"""Writing a file a user named (``-o``): never the store, never a device, never half a file.

Every command that writes a file goes through :func:`written`: the path must be a
new path or a regular file, must not be one of the store's own files, and the
content is written beside it and renamed over it only once complete, so a failure
(a full disk, an interrupted export) leaves the old file as it was and exits non-zero.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ledger.errors import LedgerError


class OutputRefused(LedgerError):
    """An output path that must not be written, or a write that failed."""


def check_output_path(path: Path, protected: Sequence[Path] = ()) -> None:
    """Refuses, with the reason, a path that is not a new path or a regular file, or is protected."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise OutputRefused(f"{path}: cannot be written ({error.strerror})") from None
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise OutputRefused(f"{path}: is a folder; name a file inside it")
        if not stat.S_ISREG(found.st_mode):
            raise OutputRefused(f"{path}: is not a regular file (a device, a pipe or a socket); name a file")
        for kept in protected:
            if kept.exists() and os.path.samefile(path, kept):
                raise OutputRefused(f"{path}: is the store's own file; writing there would destroy the store")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputRefused(f"{path}: there is no folder {parent}")


@contextmanager
def written(path: Path, protected: Sequence[Path] = (), *, binary: bool = False) -> Iterator[IO[Any]]:
    """A handle on a new file beside ``path``, renamed over it when the block ends without error."""
    check_output_path(path, protected)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=parent)
    except OSError as error:
        raise OutputRefused(f"{path}: cannot be written ({error.strerror})") from None
    try:
        handle: IO[Any] = os.fdopen(descriptor, "wb") if binary else os.fdopen(descriptor, "w", encoding="utf-8")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(partial, stat.S_IMODE(os.stat(path).st_mode))
        else:
            os.chmod(partial, 0o644 & ~_umask())
        os.replace(partial, path)
    except OSError as error:
        Path(partial).unlink(missing_ok=True)
        raise OutputRefused(f"{path}: the write failed ({error.strerror}); nothing was changed") from None
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
