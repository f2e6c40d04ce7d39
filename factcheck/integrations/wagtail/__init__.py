"""The Wagtail app: add "factcheck.integrations.wagtail" to INSTALLED_APPS (docs/cms.md).

The work is done in factcheck/cms/wagtail.py; this package is what Django and Wagtail
look for: an AppConfig, and the wagtail_hooks module Wagtail loads from every app.
"""
