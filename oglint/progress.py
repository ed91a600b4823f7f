"""A progress bar on stderr for long runs — only on a terminal, never in CI logs or captured output."""

from __future__ import annotations

import os
import time
from typing import TextIO

MIN_FILES = 500  # below this a run is over before a bar would help
_INTERVAL = 0.1  # seconds between redraws
_WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = total
        self.done = 0
        self._next = 0.0
        self._shown = False

    @classmethod
    def start(cls, stream: TextIO | None, total: int) -> Progress | None:
        """A bar on `stream` when the run is long and the stream is an interactive terminal, else None."""
        if stream is None or total < MIN_FILES or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
            return None
        try:
            if not stream.isatty():
                return None
        except (AttributeError, ValueError):  # a closed or unusual stream
            return None
        return cls(stream, total)

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now >= self._next:
            self._next = now + _INTERVAL
            filled = _WIDTH * self.done // self.total
            self.stream.write(f"\roglint [{'#' * filled}{'.' * (_WIDTH - filled)}] {self.done:,}/{self.total:,} files")
            self.stream.flush()
            self._shown = True

    def clear(self) -> None:
        """Erase the bar, so that report lines written to the terminal meanwhile start on a clean line; the
        next redraw puts it back under them."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def close(self) -> None:
        """Erase the bar, so that the report's last lines start on a clean line."""
        self.stream.write("\r\x1b[K")
        self.stream.flush()
