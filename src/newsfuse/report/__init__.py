"""Renderers of one Report: Markdown (default), JSON (the contract), HTML, exports."""
from .json import render_json, report_dict
from .markdown import render_markdown

__all__ = ["render_json", "render_markdown", "report_dict"]
