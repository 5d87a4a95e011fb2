"""Cleaning: where the article body is in scraped text, and how a long body is cut into chunks."""
