"""Issue 19 "also": /api/docs has a Content-Security-Policy: its one inline script allowed by
hash, nothing from another origin. tests/browser/test_docs_csp.py checks Swagger UI still
works under it in Chromium."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.testclient import TestClient


def test_the_docs_page_has_a_csp_allowing_only_its_own_inline_script(client: TestClient) -> None:
    page = client.get("/api/docs")
    csp = page.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))

    inline = re.findall(r"<script>(.*?)</script>", page.text, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert directives["script-src"] == f"'self' 'sha256-{digest}'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
