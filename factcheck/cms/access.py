"""Who may call the service: a bearer token, and the browser origins CORS lets in.

The token is compared in constant time (hmac.compare_digest), so the time an answer
takes says nothing about how much of a guess was right. `GET /healthz` stays open for
load balancers and orchestrators; a CORS preflight (OPTIONS) carries no credentials by
the browsers' rules, so CORS is answered before the token is asked for.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

ENV_TOKEN = "FACTCHECK_TOKEN"
OPEN_PATHS = frozenset({"/healthz"})
PREFLIGHT_CACHE = 600  # seconds a browser may reuse a preflight's answer


class TokenError(ValueError):
    """A token file that cannot be used."""


def read_token(path: Path | None, environ: dict[str, str] | None = None) -> str | None:
    """The token from a file (its first line), else from $FACTCHECK_TOKEN; None: open."""
    if path is None:
        token = (os.environ if environ is None else environ).get(ENV_TOKEN, "").strip()
        return token or None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TokenError(f"{path}: cannot read the token: {error}") from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not token:
        raise TokenError(f"{path}: the token file is empty")
    return token


class BearerToken:
    """ASGI middleware: every HTTP request but those to OPEN_PATHS needs
    `Authorization: Bearer <token>`; others get 401 with the service's error body."""

    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self.expected = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        body = b'{"error":{"code":"unauthorized","message":"send Authorization: Bearer <token>"}}'
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", b'Bearer realm="factcheck"'),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _allowed(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:
            if name == b"authorization":
                scheme, _, given = value.partition(b" ")
                return scheme.lower() == b"bearer" and hmac.compare_digest(
                    given.strip(), self.expected
                )
        return False


def middleware(token: str | None, cors_origins: tuple[str, ...]) -> list[Middleware]:
    """CORS outermost, so a 401 reaches the browser's script too; then the token."""
    stack = []
    if cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
                max_age=PREFLIGHT_CACHE,
            )
        )
    if token:
        stack.append(Middleware(BearerToken, token=token))
    return stack
