"""newsfuse: turn many news reports into one situation picture.

ingest -> analyze (per document) -> cluster (stories) -> fuse (across sources) -> report.
"""
__version__ = "0.1.0"
