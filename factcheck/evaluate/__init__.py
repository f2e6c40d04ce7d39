"""Evaluate: rules applied to an article set's claims, findings out."""
