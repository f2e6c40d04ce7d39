"""The service's OpenAPI 3.1 document: the request and response schemas come from the
pydantic models (cms/schemas.py); the limits, CORS and token from the server's settings."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from factcheck import __version__
from factcheck.cms.config import ServiceConfig
from factcheck.cms.schemas import CheckRequest, CheckResponse, ErrorResponse, Health


def openapi_schema(config: ServiceConfig | None = None) -> dict[str, Any]:
    """OpenAPI 3.1 for a server with this configuration (the defaults when None): its
    limits in `x-limits` and the request schema, its token as a bearer scheme."""
    config = config or ServiceConfig()
    models = [CheckRequest, CheckResponse, ErrorResponse, Health]
    _, top = models_json_schema(
        [(m, "validation") for m in models], ref_template="#/components/schemas/{model}"
    )
    schemas = top.get("$defs", {})
    schemas["CheckRequest"]["properties"]["sources"]["maxItems"] = config.max_sources

    def ref(model: type[BaseModel]) -> dict:
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    def error(description: str) -> dict:
        content = {"application/json": {"schema": ref(ErrorResponse)}}
        return {"description": description, "content": content}

    security, secured, schemes = {}, {}, {}
    if config.token:
        security = {"security": [{"bearer": []}]}
        secured = {"401": error("no Authorization: Bearer header, or the wrong token")}
        schemes = {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "factcheck",
            "version": __version__,
            "description": "Check a draft's numbers and dates against its sources and the "
            "newsroom's archive before it is published. Limits: bodies up to "
            f"{config.max_body_bytes} bytes (else 413), up to {config.max_sources} sources "
            f"(else 422), {config.time_budget:g} s a check (then status partial).",
        },
        "x-limits": config.limits(),
        "x-cors-origins": list(config.cors_origins),
        "paths": {
            "/v1/check": {
                "post": {
                    "summary": "Check a draft",
                    "operationId": "check",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref(CheckRequest)}},
                    },
                    "responses": {
                        "200": {
                            "description": "the draft's findings and the publish decision",
                            "content": {"application/json": {"schema": ref(CheckResponse)}},
                        },
                        "400": error("the body is not UTF-8 JSON"),
                        "408": error("the body was not sent in time"),
                        "413": error("the body is over the size limit"),
                        "415": error("the body is not sent as JSON"),
                        "409": error("two articles have the same id (code duplicate_id)"),
                        "422": error(
                            "the JSON is not of the request's shape, or sends more sources "
                            "than the server takes (code too_many_sources)"
                        ),
                        "429": error("too many checks waiting: retry after Retry-After s"),
                        **secured,
                    },
                    **security,
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Ready (never asks for the token)",
                    "operationId": "health",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "the service is ready",
                            "content": {"application/json": {"schema": ref(Health)}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": schemas, **schemes},
    }
