"""The enrolment link a tablet opens from the console's QR (issue 22): the worker app with the
code in `?enrolar=`, which the app sends as if it had been typed (same expiry, single use).
The QR itself is drawn by segno, a maintained QR library, never by hand."""

from __future__ import annotations

from urllib.parse import quote

import segno

ENROL_PARAM = "enrolar"  # the worker app (static/worker/enrol.js) reads the same name


def enrol_link(base: str, code: str) -> str:
    """The worker app (at the root of `base`, the server's address) with the code to send."""
    return f"{base.rstrip('/')}/?{ENROL_PARAM}={quote(code, safe='-')}"


def enrol_qr(link: str) -> str:
    """The QR of `link` as an SVG data URI (the console shows it as an image: the pages'
    Content-Security-Policy allows `data:` images, and no markup is inserted). Error level M
    (15 % may be unreadable: a screen's glare) and the standard 4-module quiet zone."""
    qr = segno.make_qr(link, error="m", boost_error=False)
    return qr.svg_data_uri(scale=4, border=4, dark="#000", light="#fff")
