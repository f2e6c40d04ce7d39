"""The text an editor reads, from what a CMS stores: HTML, Portable Text (Sanity) or a
Rich Text document (Contentful). One paragraph a line, a blank line between, so the
line numbers of findings point at paragraphs."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|pre|div|figcaption)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # the block editor's <!-- wp:paragraph -->
BLANK_LINES = re.compile(r"\n\s*\n+")


def from_html(markup: object) -> str:
    """HTML (a rich-text field, a rendered post) as plain text."""
    text = COMMENT.sub("", str(markup if markup is not None else ""))
    text = html.unescape(TAG.sub("", BLOCK_END.sub("\n\n", text)))
    return paragraphs(text.split("\n\n"))


def from_portable_text(blocks: Iterable[dict[str, Any]]) -> str:
    """Sanity's Portable Text: the spans of each text block (images and other objects
    have no text)."""
    texts = [
        "".join(span.get("text", "") for span in block.get("children", ()))
        for block in blocks
        if block.get("_type") == "block"
    ]
    return paragraphs(texts)


def from_rich_text(document: dict[str, Any]) -> str:
    """Contentful's Rich Text document: the text nodes of each block node."""
    return paragraphs(_node_text(node) for node in document.get("content", ()))


def _node_text(node: dict[str, Any]) -> str:
    if node.get("nodeType") == "text":
        return node.get("value", "")
    separator = "\n\n" if node.get("nodeType") in ("unordered-list", "ordered-list") else ""
    return separator.join(_node_text(child) for child in node.get("content", ()))


def paragraphs(texts: Iterable[str]) -> str:
    kept = [" ".join(t.split()) for t in texts]
    joined = "\n\n".join(t for t in kept if t)
    return BLANK_LINES.sub("\n\n", joined) + "\n" if joined else ""
