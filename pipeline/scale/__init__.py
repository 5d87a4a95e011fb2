"""Running the pipeline at scale: input shards, the Dask path and merging part files.
Built on the public API; nothing here reaches into components."""


def load_in_worker(model: str):
    """The pipeline for one worker process, limited to one BLAS/OpenMP thread so that N worker
    processes share N cores instead of oversubscribing them."""
    from threadpoolctl import threadpool_limits

    from .. import load

    threadpool_limits(1)
    return load(ner=model)
