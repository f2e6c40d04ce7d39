"""The embedding: the Python API for a CMS, the claim archive and the HTTP service."""
