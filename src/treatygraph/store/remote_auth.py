"""HTTP credentials for a remote SPARQL server: Basic or Digest, as the server's challenge asks."""

from __future__ import annotations

import httpx

class ChallengeAuth(httpx.Auth):
    """Basic or Digest, whichever the server's 401 challenge asks for (Virtuoso: Digest; Fuseki: Basic)."""

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request):
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        self._scheme = "digest" if challenge.startswith("digest") else "basic"
        yield from self.auth_flow(request)
