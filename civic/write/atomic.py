"""Publishing files atomically: write beside the target, fsync, then rename into place.

A reader (or a resumed run) sees either the old file or the complete new one, never a torn one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO


def temp_path(target: Path) -> Path:
    """`out/news.jsonl` -> `out/news.jsonl.tmp`: beside the target, so the rename stays on one file system."""
    return target.with_name(target.name + ".tmp")


@contextmanager
def atomic_files(*targets: Path) -> Iterator[tuple[BinaryIO, ...]]:
    """Binary handles on temp files for `targets`; when the block ends without an error they are
    flushed, fsynced and renamed into place in reverse order, so the first target (the records)
    appears last and its presence means the others are complete too. On an error the temp files
    are removed and the targets stay as they were."""
    temps = [temp_path(Path(t)) for t in targets]
    try:
        with ExitStack() as stack:
            handles = tuple(stack.enter_context(open(tmp, "wb")) for tmp in temps)
            yield handles
            for fh in handles:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in reversed(list(zip(temps, targets, strict=True))):
        os.replace(tmp, target)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Replace `target` by `data` atomically."""
    with atomic_files(target) as (fh,):
        fh.write(data)
