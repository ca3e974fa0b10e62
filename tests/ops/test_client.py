"""What the shared HTTP client reads from the answers of the public API."""

from __future__ import annotations

from zeues.ops.client import ApiResult, Call, parse_workers, server_date


def test_workers_are_parsed_active_only_and_sorted_by_id() -> None:
    body = {
        "workers": [
            {"id": 94, "nombre_completo": "JP(94)", "roles": ["Armador"], "activo": True},
            {"id": 93, "nombre_completo": "MR(93)", "rol": "Soldador", "activo": True},
            {"id": 5, "nombre_completo": "XX(5)", "roles": ["Armador"], "activo": False},
        ]
    }
    workers = parse_workers(ApiResult(Call("w", "GET", "/"), 200, body, 1.0))
    assert [(w.id, w.roles) for w in workers] == [(93, ("Soldador",)), (94, ("Armador",))]


def test_the_business_date_comes_from_the_server_clock() -> None:
    health = ApiResult(Call("h", "GET", "/"), 200, {"timestamp": "2026-11-22T23:30:00-03:00"}, 1)
    assert server_date(health) == "2026-11-22"
