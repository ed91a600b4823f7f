"""`concise`: one line a finding, `path:line:col: CODE message`, then the summary."""

from oglint.reporters.text import render_concise as render

__all__ = ["render"]
