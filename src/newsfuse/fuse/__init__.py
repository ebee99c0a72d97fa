"""Cross-source fusion: claims aligned into facts, independent sources, contradictions,
discrepancies and credibility for one story at a time."""
from .credibility import fact_reliability, grade_fact, load_reliability, outlet_reliability
from .story import fuse_story

__all__ = ["fuse_story", "load_reliability", "outlet_reliability", "fact_reliability", "grade_fact"]
