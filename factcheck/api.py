"""The Python API for embedding factcheck in an editorial system: see factcheck.cms.api."""

from factcheck.cms.api import *  # noqa: F403
from factcheck.cms.api import __all__  # noqa: F401
