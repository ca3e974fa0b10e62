"""ZEUES_REDIS_CHANNEL: two deployments sharing one Redis never see each other's events."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import redis
from pydantic import ValidationError

from tests.infra.live import HANG_SECONDS, SseClient, close_all, serve
from tests.integration.redis_helpers import redis_container, redis_settings
from zeues.config import Settings

TOMAR = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}


def test_channel_defaults_to_zeues_events_and_refuses_blank_names() -> None:
    assert Settings().redis_channel == "zeues:events"
    assert Settings(redis_channel="planta-2:zeues").redis_channel == "planta-2:zeues"
    for bad in ("", "con espacio"):
        with pytest.raises(ValidationError):
            Settings(redis_channel=bad)


def test_deployments_on_different_channels_do_not_see_each_others_events(
    tmp_path: Path, redis_url: str
) -> None:
    # Two plants, each its own database, one shared Redis.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = redis_container(
        redis_settings(tmp_path / "a", redis_url, "zeues-ch-a", redis_channel="planta-a:ev")
    )
    b = redis_container(
        redis_settings(tmp_path / "b", redis_url, "zeues-ch-b", redis_channel="planta-b:ev")
    )
    with serve(a) as url_a, serve(b) as url_b:
        on_a = SseClient(f"{url_a}/api/sse/stream")
        on_b = SseClient(f"{url_b}/api/sse/stream")
        try:
            assert on_a.connected.wait(HANG_SECONDS) and on_b.connected.wait(HANG_SECONDS)
            with redis.Redis.from_url(redis_url) as r:
                subscribed = dict(r.pubsub_numsub("planta-a:ev", "planta-b:ev", "zeues:events"))
            assert httpx.post(f"{url_a}/api/occupation/tomar", json=TOMAR).status_code == 200
            got_a = on_a.next()  # so plant A's event has been through Redis by now
            # A sentinel instead of a wait: plant B's own next event. Had B heard plant A's
            # channel, A's event (published earlier) would reach B's dashboards before it.
            sentinel = {**TOMAR, "tag_spool": "TEST-02"}
            assert httpx.post(f"{url_b}/api/occupation/tomar", json=sentinel).status_code == 200
            first_on_b = on_b.next()
        finally:
            close_all([on_a, on_b])
    assert subscribed == {b"planta-a:ev": 1, b"planta-b:ev": 1, b"zeues:events": 0}
    assert got_a["data"]["tag_spool"] == "TEST-01"
    assert first_on_b["data"]["tag_spool"] == "TEST-02"  # plant B never heard about plant A
