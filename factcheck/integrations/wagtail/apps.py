"""The Django app: on ready, published pages start going into the claim archive."""

from django.apps import AppConfig


class FactcheckWagtailConfig(AppConfig):
    name = "factcheck.integrations.wagtail"
    label = "factcheck_wagtail"
    verbose_name = "factcheck"

    def ready(self) -> None:
        from factcheck.cms.wagtail import connect, options

        options()  # a misspelt FACTCHECK key fails at start-up, not at the first publish
        connect()
