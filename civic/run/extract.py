"""`civic extract` as a function: read → analyse → write, resumable, with a progress bar."""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from dataclasses import dataclass, field

from civic.read.documents import DeadLetter
from civic.read.inputs import UniqueIds, count_items, expand_inputs, read_inputs
from civic.read.limits import DEFAULT_MAX_DOC_BYTES
from civic.write.journal import JournalSink, Sink, StreamSink, errors_path_for
from civic.write.jsonl import dumps


@dataclass
class Summary:
    read: int
    written: int
    dead_lettered: int
    output: str
    skipped: Counter = field(default_factory=Counter)  # archive records that are no documents, by reason
    errors: str | None = None  # the dead-letter file, named when it is not OUT.errors.jsonl next to OUT

    def line(self) -> str:
        line = f"read {self.read}, written {self.written}, dead-lettered {self.dead_lettered} -> {self.output}"
        if self.skipped:
            reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.skipped.items()))
            line += f"; skipped {self.skipped.total()} archive records ({reasons})"
        if self.errors:  # with -o - the dead letters cannot sit next to the output: say where they went
            line += f"; dead letters in {self.errors}"
        return line


def make_sink(output: str, errors: str | None, header: dict, resume: bool) -> Sink:
    if output == "-":
        return StreamSink(errors or "civic.errors.jsonl")
    return JournalSink(output, errors or errors_path_for(output), header, resume)


def run_extract(inputs: list[str], output: str, published: str | None = None, resume: bool = False,
                errors: str | None = None, quiet: bool = False, batch_size: int = 64,
                model: str = "default", pipeline=None, workers: int = 1,
                max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Summary:
    """Run the pipeline over `inputs` into `output` and return the counts.

    Every input item ends up as exactly one record or one dead letter, in input order, so that
    read = written + dead-lettered holds, also across `--resume`. A document over `max_doc_bytes`
    is one dead letter, read in bounded chunks and never held whole.
    """
    from civic.api import load

    files = expand_inputs(inputs)  # fail early on missing paths, before loading models
    header = {"inputs": files, "published": published, "model": model}
    sink = make_sink(output, errors, header, resume)
    skip = sink.done_before()
    skipped: Counter = Counter()
    ids = UniqueIds()
    items = itertools.islice(read_inputs(files, default_published=published, skipped=skipped, ids=ids,
                                         max_doc_bytes=max_doc_bytes), skip, None)
    progress = None
    if not quiet and sys.stderr.isatty():
        from tqdm import tqdm

        # the model load takes seconds: say so instead of a bar sitting at 0 (issue 18)
        progress = tqdm(unit="doc", desc="loading models", initial=skip, total=count_items(files),
                        file=sys.stderr)
    if workers > 1:
        from civic.run.workers import stream_parallel

        stream = stream_parallel(items, workers, model=model, batch_size=batch_size)
    else:
        stream = (pipeline or load(ner=model)).stream(items, batch_size=batch_size)
    if progress is not None:
        progress.set_description("civic extract")
    for n, result in enumerate(stream, start=1):
        if isinstance(result, DeadLetter):
            sink.dead(result)
        else:
            sink.record(dumps(result))
        if n % batch_size == 0:
            sink.flush()
        if progress is not None:
            progress.update(1)
    if progress is not None:
        progress.close()
    sink.finish()
    if ids.renamed:
        print(f"civic: warning: {ids.renamed} repeated id(s) kept as separate records with the suffix ~2, ~3, …",
              file=sys.stderr)
    return Summary(read=sink.written + sink.dead_lettered, written=sink.written,
                   dead_lettered=sink.dead_lettered, output=output, skipped=skipped,
                   errors=(errors or "civic.errors.jsonl") if output == "-" else None)
