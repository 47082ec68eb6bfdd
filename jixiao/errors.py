"""Exceptions for the tool failing. Problems *in the data* are warnings and findings instead."""

from __future__ import annotations


class JixiaoError(Exception):
    """Base class of every error jixiao raises on purpose."""


class InputError(JixiaoError):
    """A file that cannot be read at all (missing, binary, undecodable, unsupported).

    The message is Chinese and names the file, so the CLI and the web app can show it as is.
    """

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.message = message
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
