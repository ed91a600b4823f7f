"""oglint — a linter for Open Graph, X card and page metadata in front matter and HTML."""

__version__ = "0.1.0"
