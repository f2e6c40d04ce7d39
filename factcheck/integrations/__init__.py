"""Editorial systems factcheck plugs into; each is an optional extra (factcheck[wagtail])."""
