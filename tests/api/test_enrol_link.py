"""The console's enrolment QR (issue 22, CONTRACT §2.8): the enrolment answer carries the
worker app's link with the code and that link's QR, drawn by segno; the QR read back by an
independent decoder (zxing-cpp) is the link, and the link's code enrols like a typed one."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np
import pytest
import zxingcpp
from fastapi.testclient import TestClient
from pydantic import ValidationError

from tests.api.helpers import assert_error
from tests.infra.floor import enrolment, floor_settings
from zeues.config import Settings

SVG_URI = "data:image/svg+xml;charset=utf-8,"
TABLET = "Tablet ARM 3"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return floor_settings(database_url, tmp_path, "dispositivo+pin")


def read_qr(data_uri: str) -> str:
    """Decodes the answer's own SVG: segno draws each dark run of a row as `h<length>` along
    its path (moves `M`/`m` between runs); the modules are filled in a bitmap, scaled up, and
    handed to zxing-cpp."""
    assert data_uri.startswith(SVG_URI)
    svg = unquote(data_uri.removeprefix(SVG_URI))
    size = int(re.search(r"width='(\d+)'", svg)[1]) // 4  # type: ignore[index]
    path = re.search(r"class='qrline'[^>]*\sd='([^']+)'", svg)[1]  # type: ignore[index]
    dark = np.zeros((size, size), dtype=bool)
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark[int(y), int(x) : int(x + float(a))] = True
            x += float(a)
    pixels = np.where(np.kron(dark, np.ones((6, 6), dtype=bool)), 0, 255).astype(np.uint8)
    (found,) = zxingcpp.read_barcodes(pixels)
    text: str = found.text
    return text


def test_the_enrolment_answer_carries_the_link_and_its_qr(client: TestClient) -> None:
    made = enrolment(client, TABLET)
    assert made["enlace"] == f"http://testserver/?enrolar={made['codigo']}"
    assert "class='segno'" in unquote(made["qr"])  # drawn by the library, not by hand
    assert read_qr(made["qr"]) == made["enlace"]


def test_the_links_code_enrols_once_like_a_typed_one(client: TestClient) -> None:
    made = enrolment(client, TABLET)
    (code,) = parse_qs(urlsplit(made["enlace"]).query)["enrolar"]
    first = client.post("/api/dispositivos/enrolar", json={"codigo": code})
    assert first.status_code == 200 and first.json()["nombre"] == "Tablet ARM 3"
    assert_error(client.post("/api/dispositivos/enrolar", json={"codigo": code}), 400,
                 "CODIGO_NO_VALIDO")  # fmt: skip


def test_the_qr_needs_the_admin_token(client: TestClient) -> None:
    assert client.post("/api/admin/dispositivos/enrolar", json={"nombre": "X"}).status_code == 401


class TestATabletAddressSet:
    """ZEUES_TABLET_URL: the address tablets use, when the console is opened as localhost."""

    @pytest.fixture
    def settings(self, database_url: str, tmp_path: Path) -> Settings:
        return floor_settings(
            database_url, tmp_path, "dispositivo+pin", tablet_url="http://192.168.1.10:8000/"
        )

    def test_the_link_uses_it(self, client: TestClient) -> None:
        made = enrolment(client, TABLET)
        assert made["enlace"] == f"http://192.168.1.10:8000/?enrolar={made['codigo']}"
        assert read_qr(made["qr"]) == made["enlace"]


@pytest.mark.parametrize("bad", ["192.168.1.10:8000", "ftp://x", "http://a b", "http://x/?q=1"])
def test_a_tablet_address_that_is_not_a_plain_http_url_is_refused_at_load(
    tmp_path: Path, bad: str
) -> None:
    with pytest.raises(ValidationError, match="tablet_url"):
        Settings(data_dir=tmp_path, tablet_url=bad)
