"""What the service's fork server loads once for every worker it starts.

Imported in the fork server only (lanes.py names it): the workers' code, and the claim
grammar built from the user's cache, which every worker forked from there then has. A
worker that built the grammar itself took a quarter of a second to answer its first
check, and a short time budget ran out before that check began.
"""

from factcheck.cms import lanes  # noqa: F401 (the workers' code)
from factcheck.extract.grammar import claim_grammar

claim_grammar()
