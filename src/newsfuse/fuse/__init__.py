"""Cross-source fusion, one story at a time: events across reports, their aspects as
facts counted in independent sources, contested issues with their sides, credibility."""
from .credibility import fact_reliability, grade_fact, load_reliability, outlet_reliability
from .picture import fuse_story

__all__ = ["fuse_story", "load_reliability", "outlet_reliability", "fact_reliability", "grade_fact"]
