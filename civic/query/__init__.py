"""Queries over extracted records: deadlines, calendars, the SQLite database, DataFrames, summaries."""
