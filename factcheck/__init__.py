"""factcheck: find contradictions and unsupported figures across news articles on one event."""

__version__ = "0.1.0"
