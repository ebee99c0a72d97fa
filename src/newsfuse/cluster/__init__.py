"""Story clustering: group reports about one real-world event, incrementally."""
from __future__ import annotations

from .features import StoryFeatures, features_from, lead_text
from .stories import ClusterSettings, StoryClusterer, story_title

__all__ = ["ClusterSettings", "StoryClusterer", "StoryFeatures", "features_from", "lead_text", "story_title"]
