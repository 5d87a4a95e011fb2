"""Writing records and dead letters so that nothing is lost and an interrupted run can resume.

A run to a file writes one journal, `OUT.partial`, in input order: a header line, then one line
per input item, `R<record json>` or `E<dead-letter json>`. The journal is the only state: on
`--resume` its complete lines say how many input items are done (a torn last line is cut off),
and the reader skips that many. When the input is exhausted the journal is split into
`OUT.errors.jsonl` and `OUT` through temp files and renames, then removed. A crash at any point,
the final renames included, leaves either the journal (resume finishes the job) or the final
files (the job is done).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO

from civic.read.documents import DeadLetter
from civic.write.atomic import atomic_files
from civic.write.jsonl import dumps

RECORD_TAG = b"R"
ERROR_TAG = b"E"
HEADER_TAG = b"H"


class ResumeMismatch(Exception):
    """The journal belongs to a run with other inputs or options."""


def errors_path_for(out: str) -> str:
    """`out/news.jsonl` -> `out/news.errors.jsonl`."""
    path = Path(out)
    stem = path.name[: -len(".jsonl")] if path.name.endswith(".jsonl") else path.name
    return str(path.with_name(stem + ".errors.jsonl"))


class Sink:
    """Where a run writes; counts what it wrote."""

    written = 0
    dead_lettered = 0

    def done_before(self) -> int:
        """How many input items a previous, interrupted run already handled."""
        return 0

    def record(self, line: bytes) -> None:
        raise NotImplementedError

    def dead(self, letter: DeadLetter) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Make what was written so far survive a crash."""

    def finish(self) -> None:
        """Publish the final files."""


class JournalSink(Sink):
    """Atomic, resumable output to a file (see module docstring)."""

    def __init__(self, out: str, errors: str | None, header: dict, resume: bool) -> None:
        self.out = Path(out)
        self.errors = Path(errors or errors_path_for(out))
        self.journal = self.out.with_name(self.out.name + ".partial")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.written = self.dead_lettered = 0
        self._done = 0
        header_line = HEADER_TAG + dumps(header) + b"\n"
        if resume and self.journal.exists():
            self._done = self._recover(header_line)
        else:
            with open(self.journal, "wb") as fh:
                fh.write(header_line)
        self._fh: BinaryIO = open(self.journal, "ab")

    def _recover(self, header_line: bytes) -> int:
        """Cut a torn last line, check the header, count finished items."""
        with open(self.journal, "rb+") as fh:
            data = fh.read()
            cut = data.rfind(b"\n") + 1
            if cut < len(data):
                fh.truncate(cut)
            lines = data[:cut].splitlines()
        if not lines or lines[0] != header_line.rstrip(b"\n"):
            raise ResumeMismatch(
                f"{self.journal} was written by a run with other inputs or options; "
                "run without --resume to start over"
            )
        for line in lines[1:]:
            if line.startswith(RECORD_TAG):
                self.written += 1
            elif line.startswith(ERROR_TAG):
                self.dead_lettered += 1
        return self.written + self.dead_lettered

    def done_before(self) -> int:
        return self._done

    def record(self, line: bytes) -> None:
        self._fh.write(RECORD_TAG + line + b"\n")
        self.written += 1

    def dead(self, letter: DeadLetter) -> None:
        self._fh.write(ERROR_TAG + dumps(letter.to_dict()) + b"\n")
        self.dead_lettered += 1

    def flush(self) -> None:
        self._fh.flush()

    def finish(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        with open(self.journal, "rb") as src, atomic_files(self.out, self.errors) as (out, err):
            next(src, None)  # header
            for line in src:
                (out if line.startswith(RECORD_TAG) else err).write(line[1:])
        self.journal.unlink()


class StreamSink(Sink):
    """Records to stdout (`-o -`), dead letters to a file; nothing to resume."""

    def __init__(self, errors: str, stream: BinaryIO | None = None) -> None:
        self.stream = stream or sys.stdout.buffer
        self.errors_path = Path(errors)
        self._err: BinaryIO | None = None
        self.written = self.dead_lettered = 0

    def record(self, line: bytes) -> None:
        self.stream.write(line + b"\n")
        self.written += 1

    def dead(self, letter: DeadLetter) -> None:
        if self._err is None:
            self._err = open(self.errors_path, "wb")
        self._err.write(dumps(letter.to_dict()) + b"\n")
        self.dead_lettered += 1

    def flush(self) -> None:
        self.stream.flush()
        if self._err:
            self._err.flush()

    def finish(self) -> None:
        self.flush()
        if self._err:
            self._err.close()
