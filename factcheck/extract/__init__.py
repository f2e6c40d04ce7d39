"""Extract: the claims a text makes, as read by the grammar, with the words around each."""
