"""``yaml.safe_load`` through libyaml's C parser when PyYAML was built with it.

The rule and alias tables (``data/*.yaml``) are read by every analysis process; PyYAML's
pure-Python parser took about a quarter of a second for them, the C one (same safe
constructor, same result, checked on every table) about a tenth of that."""
from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    """Like ``yaml.safe_load`` (a string or an open file); raises ``yaml.YAMLError`` alike."""
    return yaml.load(stream, Loader=_LOADER)
