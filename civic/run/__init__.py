"""Running extraction: the extract loop, worker processes and Dask. Built on the public API."""
