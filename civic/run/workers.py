"""`civic extract --workers N`: a pool of N processes, each with its own loaded pipeline.

Workers receive batches of input items and return finished records and dead letters, so only
small picklable objects cross process borders (not spaCy Docs). Batches are submitted in order
and at most 2·N are in flight, so output order is the input order and memory stays flat however
long the input. Each worker limits its BLAS/OpenMP threads to one: N workers on N cores.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator

from civic.read.documents import DeadLetter, InputDoc

_PIPELINE = None


def _init(model: str) -> None:
    global _PIPELINE
    from civic.run.worker_pipeline import load_in_worker

    _PIPELINE = load_in_worker(model)


def _run(batch: list[InputDoc | DeadLetter]) -> list[dict | DeadLetter]:
    return list(_PIPELINE.stream(batch, batch_size=len(batch) or 1))


def stream_parallel(items: Iterable[InputDoc | DeadLetter], workers: int, model: str = "default",
                    batch_size: int = 64) -> Iterator[dict | DeadLetter]:
    """Records and dead letters in input order, computed by `workers` processes."""
    context = multiprocessing.get_context("spawn")
    iterator = iter(items)
    with context.Pool(workers, initializer=_init, initargs=(model,)) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < 2 * workers:
                batch = list(itertools.islice(iterator, batch_size))
                if not batch:
                    break
                pending.append(pool.apply_async(_run, (batch,)))
            if not pending:
                break
            yield from pending.popleft().get()
