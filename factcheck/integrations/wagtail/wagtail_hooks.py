"""Loaded by Wagtail from every installed app: publishing from the editor is checked first."""

from wagtail import hooks

from factcheck.cms.wagtail import before_publish_page

hooks.register("before_publish_page", before_publish_page)
