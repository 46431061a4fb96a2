"""Named points in a build where the tests kill it (SIGKILL), to prove that a build
killed at any moment leaves every published version intact; and where a Ctrl-C that was
lost stops the build all the same.

Inert unless ``NEWSPACK_KILL_AT`` names the point: one environment lookup per call, at a
handful of places per build, never per document.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

POINTS = ("extract", "shards", "staged", "published")
_interrupted = threading.Event()


def _on_interrupt(signum, frame) -> None:
    _interrupted.set()
    raise KeyboardInterrupt


@contextlib.contextmanager
def interrupts_kept() -> Iterator[None]:
    """Within: a Ctrl-C raises KeyboardInterrupt as usual, and is also remembered, so that
    the next ``checkpoint`` raises it again if it was lost: Python drops an exception
    raised while a finalizer (``__del__``, a weakref callback) runs, and the build then
    went on to publish. Only in the main thread, over Python's own handler."""
    mine = (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    previous = signal.signal(signal.SIGINT, _on_interrupt) if mine else None
    _interrupted.clear()
    try:
        yield
    finally:
        if mine:
            signal.signal(signal.SIGINT, previous)
        _interrupted.clear()


def checkpoint(name: str) -> None:
    """Raise KeyboardInterrupt if a Ctrl-C came and was lost; kill this process at
    ``name``. ``NAME-switch:FOLDER`` kills it while FOLDER holds a
    file ``always``, or once when it holds ``once`` (the process that removes it dies):
    set before workers start, the tests flip it later."""
    if _interrupted.is_set():
        raise KeyboardInterrupt
    at = os.environ.get("NEWSPACK_KILL_AT")
    if at == name or (at and at.startswith(name + "-switch:") and _switched(at.split(":", 1)[1])):
        os.kill(os.getpid(), signal.SIGKILL)


def _switched(folder: str) -> bool:
    if os.path.exists(os.path.join(folder, "always")):
        return True
    try:
        os.unlink(os.path.join(folder, "once"))
        return True
    except FileNotFoundError:
        return False
