"""The service's request and response bodies as pydantic models: they validate what a
client sends and give the OpenAPI document its schemas."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from factcheck.cms.api import (
    PUBLISHED_PATTERN,
    DraftError,
    parse_published,
)
from factcheck.load.articles import has_lone_surrogate

MAX_SOURCES = 200  # the service's default limit (--max-sources)
OffsetEncoding = Literal["utf-32", "utf-16", "utf-8"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Article(_Strict):
    """A draft or a source: the text, and metadata the newsroom knows."""

    id: str | None = Field(
        None,
        min_length=1,
        max_length=512,
        description="unique among the request's articles; default: 'draft' for the draft, "
        "'source-1', 'source-2', ... for the sources (one no article was given)",
    )
    text: str = Field(description="the article as the editor sees it; offsets count from here")
    title: str | None = None
    source: str | None = Field(None, description="the publisher: 'Reuters', 'Valley Herald'")
    published: str | None = Field(
        None,
        description="ISO 8601 date or date-time; relative dates are read against it. "
        "Send the planned publication date with a draft: today is never assumed.",
        json_schema_extra={"pattern": PUBLISHED_PATTERN},
    )
    url: str | None = None

    @field_validator("id", "text", "title", "source", "url")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        if value is not None and has_lone_surrogate(value):
            raise ValueError("holds a lone surrogate (\\ud800-\\udfff), which no UTF allows")
        return value

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_published(value)
            except DraftError as error:
                raise ValueError(str(error)) from None
        return value


class ArchiveOptions(_Strict):
    """Which archived articles the draft is compared with."""

    use: bool = Field(True, description="false: compare with the inline sources only")
    story: str | None = Field(None, description="only articles archived under this story")
    days: int | None = Field(
        None, ge=0, le=36500, description="only articles dated within this many days of the draft"
    )

    @field_validator("days", mode="before")
    @classmethod
    def _whole_number(cls, value: object) -> object:
        """JSON Schema counts 30.0 as an integer (Schemathesis sent 13792.0, refused with
        422); "30", true and 30.5 stay refused."""
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class CheckRequest(_Strict):
    """A draft, the sources sent with it, and how to count offsets."""

    draft: Article
    sources: list[Article] = Field(
        default_factory=list, description="at most the server's max_sources (x-limits)"
    )
    offset_encoding: OffsetEncoding = Field(
        "utf-32",
        description="utf-32: code points (Python); utf-16: code units (JavaScript); utf-8: bytes",
    )
    archive: ArchiveOptions | None = Field(
        None, description="default: the server's archive, with its default date window"
    )


class ClaimOut(BaseModel):
    doc: str
    origin: Literal["draft", "source", "archive"]
    start: int
    end: int
    text: str
    line: int
    column: int
    type: str
    value: dict[str, Any]
    about: dict[str, Any]
    certainty: float


class FindingOut(BaseModel):
    rule: str
    kind: str
    severity: Literal["error", "warning", "info"]
    confidence: float
    message: str
    fingerprint: str | None = Field(None, description="stable across runs, for baselines")
    factors: dict[str, float]
    claims: list[ClaimOut]
    draft_role: Literal["outlier", "agrees", "unsupported", "noted"] | None = Field(
        description="the draft's part: outlier (no more independent sources back its value "
        "than the other: the gate applies), agrees (more back the draft's value: another "
        "article differs, and this finding never holds the draft back), unsupported (too "
        "few independent sources back the draft's figure: the gate applies), noted (a note "
        "the draft takes part in: never holds it back); null when the check did not decide it"
    )
    sources_with_draft: int | None = Field(
        description="independent sources (the archive's included) whose claims agree with "
        "the draft's value"
    )
    sources_against: int | None = Field(
        description="independent sources whose claims agree with the value set against the draft's"
    )


class DocumentOut(BaseModel):
    id: str
    origin: Literal["draft", "source", "archive"]
    title: str | None
    source: str | None
    published: str | None
    published_from: Literal["metadata", "inferred"] | None


class ArchiveRead(BaseModel):
    queries: int
    claims: int
    documents: int
    story: str | None
    first_day: str | None
    last_day: str | None


class CheckResponse(BaseModel):
    version: str
    status: Literal["complete", "partial"]
    decision: Literal["pass", "warn", "block"]
    offset_encoding: OffsetEncoding
    rules_version: str
    factcheck_version: str
    findings: list[FindingOut]
    documents: list[DocumentOut]
    archive: ArchiveRead | None
    notes: list[str]
    elapsed_ms: float


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    rules_version: str
    archive: str | None
