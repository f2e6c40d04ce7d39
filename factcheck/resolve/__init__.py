"""Resolve: reference dates per set, and each reading made a claim with a value."""
