"""The dashboard: an interactive timeline of the events in a store.

``python -m dashboard`` serves it; :func:`create_app` builds it over any store.
"""

from dashboard.app import create_app

__all__ = ["create_app"]
