"""What every host tool shares: SIGTERM/SIGHUP unwind like Ctrl-C, so that a tool's
cleanups run and no half-written output file is left under its name; and
temporary files beside an output, renamed into place only when complete."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading


class Terminated(BaseException):
    """SIGTERM / SIGHUP arrived: unwinds like KeyboardInterrupt so cleanups run."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_TERMINATING_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP")
                             if hasattr(signal, n))


@contextlib.contextmanager
def signals_unwind():
    """Turn SIGTERM/SIGHUP into an exception for the duration (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum, _frame):
        raise Terminated(signum)

    old = {}
    for sig in _TERMINATING_SIGNALS:
        try:
            old[sig] = signal.signal(sig, raise_terminated)
        except (OSError, ValueError):
            pass
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def temp_beside(path: str, suffix: str = ".tmp") -> str:
    """A new empty temporary file in the directory of ``path`` (same file system, so
    os.replace() is atomic).  A directory under that name is refused first."""
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=d)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)          # mkstemp's 0600 is for secrets, not images
    return tmp


def copy_beside(path: str) -> str:
    """A temporary copy of ``path`` beside it, to be changed and renamed over it."""
    tmp = temp_beside(path)
    shutil.copyfile(path, tmp)
    shutil.copymode(path, tmp)
    return tmp


def unlink_quietly(path: str | None) -> None:
    if path:
        with contextlib.suppress(OSError):
            os.unlink(path)


@contextlib.contextmanager
def quiet_image_warnings():
    """The tape layer logs a damaged image when it opens it; a tool reports the damage
    in its own one-line error when it reaches it, so the log line would be a second."""
    logger = logging.getLogger("media.tape")
    old = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(old)


def run_tool(prog: str, body, errors: tuple) -> int:
    """Run a tool's ``body()`` so that every way it can fail ends in one line on stderr:
    the tool's own ``errors``, a closed pipe (quietly), an OSError, Ctrl-C or SIGTERM/SIGHUP
    (after the cleanups have run); never a traceback.  The tool's exit status, 1 on error."""
    try:
        with signals_unwind(), quiet_image_warnings():
            return body()
    except errors as e:
        print(f"{prog}: {e}", file=sys.stderr)
    except BrokenPipeError:                    # output piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")
    except OSError as e:
        print(f"{prog}: {e.filename or ''}: {e.strerror}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
    except Terminated as e:
        print(f"{prog}: terminated by signal {e.signum}", file=sys.stderr)
        return 128 + e.signum
    return 1
