"""civic-pipeline: structured records from scraped Berlin district news.

    from pipeline import load
    nlp = load()
    record = nlp.process(text, published="2022-06-20")
"""

__version__ = "0.1.0"

from .api import Pipeline, load  # noqa: E402

__all__ = ["Pipeline", "load", "__version__"]
