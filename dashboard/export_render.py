"""Static rendering (PNG, SVG, PDF) with kaleido in one warm headless Chromium.

How Chromium is found (:func:`find_browser`), first match wins:

1. ``BROWSER_PATH``, when set (kaleido's own variable): it must name an executable;
2. ``chromium``, ``chromium-browser``, ``google-chrome``, ``google-chrome-stable``,
   ``chrome`` on ``PATH`` (Debian's package installs ``/usr/bin/chromium``).

kaleido's own search would look first for a Chrome it downloaded itself, and its
error message suggests downloading one, which cannot work offline; so the path
is resolved here and handed to kaleido, and a missing browser raises
:class:`NoBrowserError` saying ``apt-get install -y chromium``.

:class:`Renderer` keeps one kaleido browser open on its own event-loop thread,
started on the first render: a cold render costs about 2 s (Chromium starting),
a warm one 0.1-0.3 s.  It does what ``kaleido.start_sync_server`` does, plus what a
web server needs: renders from several threads are safe (kaleido's sync server
hands results back through one shared queue), every wait has a timeout (its
thread dies silently when Chromium cannot start, and the next call waits for ever),
and a browser that crashed is started again on the next render.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import logging
import os
import shutil
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import ClassVar

from dashboard.export_errors import NoBrowserError, RenderError

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = "Install Debian's Chromium (apt-get install -y chromium) or set BROWSER_PATH to a Chromium or Chrome executable."
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 120.0

logger = logging.getLogger(__name__)


def find_browser() -> str:
    """The Chromium to render with (see the module docstring), or :class:`NoBrowserError`."""
    named = os.environ.get("BROWSER_PATH")
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return named
        raise NoBrowserError(f"BROWSER_PATH={named!r} is not an executable browser. {INSTALL_HINT}")
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise NoBrowserError(f"PNG, SVG, PDF and PowerPoint export need Chromium, and none was found. {INSTALL_HINT}")


class Renderer:
    """One headless Chromium, opened on the first :meth:`render` and kept open until :meth:`close`."""

    def __init__(self, browser: str | None = None, *, render_timeout: float = RENDER_TIMEOUT):
        self._browser = browser
        self._timeout = render_timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        atexit.register(self.close)

    @property
    def warm(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Open the browser now (the first render does it otherwise)."""
        with self._lock:
            self._start()

    def render(self, figure: dict, *, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as ``fmt`` (png, svg, pdf) bytes, ``width`` x ``height`` layout pixels times ``scale``."""
        opts = {"format": fmt, "width": int(width), "height": int(height), "scale": scale}
        with self._lock:
            self._start()
            future = asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(figure, opts=opts), self._loop)
            try:
                return future.result(timeout=self._timeout)
            except FutureTimeout:
                future.cancel()
                self._stop()
                raise RenderError(f"Chromium did not render the {fmt.upper()} within {self._timeout:.0f} s") from None
            except Exception as exc:  # kaleido and choreographer raise many kinds; the browser may be gone
                self._stop()
                raise RenderError(f"Chromium failed to render the {fmt.upper()}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._stop()

    # -- inside the lock ---------------------------------------------------------

    def _start(self) -> None:
        if self._kaleido is not None:
            return
        path = self._browser or find_browser()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="export-chromium", daemon=True)
        thread.start()

        async def open_browser():
            browser = _Kaleido(path=path, mathjax=False, n=1, timeout=self._timeout)
            await browser.open()
            return browser

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(timeout=START_TIMEOUT)
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            raise RenderError(f"Chromium at {path} did not start: {exc}. {INSTALL_HINT}") from exc
        self._loop, self._thread = loop, thread

    def _stop(self) -> None:
        if self._loop is None:
            return
        if self._kaleido is not None:
            try:
                asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(timeout=10)
            except Exception as exc:  # noqa: BLE001 - closing a browser that already died
                logger.debug("closing the export browser: %s", exc)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._kaleido = self._loop = self._thread = None


@functools.cache
def _kaleido_class():
    import kaleido

    class QuickKaleido(kaleido.Kaleido):
        """kaleido's browser, returning a result before its tab is reloaded for the next figure.

        kaleido reloads the tab (plotly.js again) after every figure and only then
        returns the image; here the reload runs while the caller goes on, and the
        next render waits for the tab as usual.  (Pinned to kaleido 1.5: this
        overrides its ``_return_kaleido_tab``.)
        """

        _reloads: ClassVar[set] = set()

        async def _return_kaleido_tab(self, tab) -> None:
            task = asyncio.ensure_future(super()._return_kaleido_tab(tab))
            self._reloads.add(task)
            task.add_done_callback(self._reloads.discard)

    return QuickKaleido


def _Kaleido(**kwargs):
    return _kaleido_class()(**kwargs)


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def shared() -> Renderer:
    """The process's renderer (the dashboard's export menu uses it, so one browser stays warm)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
        return _shared
