"""The pipeline inside a worker process (`--workers` and Dask), built on the public API."""


def load_in_worker(model: str):
    """The pipeline for one worker process, limited to one BLAS/OpenMP thread so that N worker
    processes share N cores instead of oversubscribing them."""
    from threadpoolctl import threadpool_limits

    from civic.api import load

    threadpool_limits(1)
    return load(ner=model)
