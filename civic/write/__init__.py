"""Writing records and dead letters atomically, resumably."""
