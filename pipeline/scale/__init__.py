"""Running the pipeline at scale: input shards, the Dask path and merging part files.
Built on the public API; nothing here reaches into components."""
