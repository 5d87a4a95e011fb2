"""civic-pipeline: structured records from scraped Berlin district news.

    from civic import load
    nlp = load()
    record = nlp.process(text, published="2022-06-20")
"""

from civic.api import Pipeline, load, write_feeds
from civic.query.events import events_of_records
from civic.query.persons import office_holders, resolve_persons
from civic.version import __version__

__all__ = ["Pipeline", "events_of_records", "load", "office_holders", "resolve_persons", "write_feeds", "__version__"]
