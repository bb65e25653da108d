"""Errors raised while exporting a view; the CLI and the export menu turn them into messages.

::

    ExportError                  base class, ``exit_code`` 1
    +-- ExportRequestError       a format, size, layout or view that cannot be exported, ``exit_code`` 2
    +-- NoBrowserError           static export needs Chromium and none was found, ``exit_code`` 2
    +-- RenderError              Chromium was found but failed or timed out while rendering
"""

from __future__ import annotations


class ExportError(Exception):
    """Base class of every error an export raises on purpose."""

    exit_code = 1


class ExportRequestError(ExportError):
    """The request itself is wrong (unknown format, a size that is not WxH, ...)."""

    exit_code = 2


class NoBrowserError(ExportError):
    """PNG, SVG, PDF and PPTX need a Chromium; the message says what to install."""

    exit_code = 2


class RenderError(ExportError):
    """Chromium started but did not render the figure (crashed, timed out)."""
