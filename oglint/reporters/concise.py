"""`concise`: one line a finding, `path:line:col: CODE message`, then the summary."""

from oglint.reporters.text import Concise as Report

__all__ = ["Report"]
