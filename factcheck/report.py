"""Kept so that `from factcheck.report import claim_json` goes on working; the reports
themselves live in factcheck/reports/, one module per format."""

from factcheck.reports import claim_json, to_json, to_text, value_json

__all__ = ["claim_json", "to_json", "to_text", "value_json"]
