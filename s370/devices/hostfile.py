"""What the punch and the printer share: a host file that receives their output."""

from __future__ import annotations

from .base import UNIT_DE


class DeviceConfigError(ValueError):
    """A device statement that cannot be honoured (one-line message)."""


class HostOutputFile:
    """Mixin for output devices: open (append with ``noclear``), devinit, ready, close."""

    _file = None
    path: str | None = None
    noclear: bool = False
    error: str = ""

    def _open(self, path: str, strict: bool = False) -> None:
        self.close()
        self.path = path
        try:
            self._file = open(path, "ab" if self.noclear else "wb")
        except OSError as e:
            self._file = None
            self.error = f"cannot open {path}: {e.strerror}"
            if strict:
                raise DeviceConfigError(self.error) from None

    def load(self, path: str, **opts) -> None:
        """devinit: write into a new file (device end tells the program it is ready)."""
        for k, v in opts.items():
            setattr(self, k, v)
        self._open(path, strict=True)
        self._loaded()
        self.attention(UNIT_DE)

    def _loaded(self) -> None:
        """Reset device state for a new output file."""

    def ready(self) -> bool:
        return self._file is not None

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None
