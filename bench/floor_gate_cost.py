"""CPU cost of the floor's session check (issue 22): the same TOMAR→PAUSAR pairs through the
in-process app on SQLite, once in `abierto` (no check) and once in `pin` (each command reads the
worker session in its own transaction, and rewrites it at most every 30 s). This process's CPU
time per command, and the ratio of the two, measured in the same run. Prints; asserts nothing.

    python bench/floor_gate_cost.py [--pairs 400]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fastapi.testclient import TestClient

from zeues.api.app import create_app
from zeues.bootstrap import build
from zeues.config import Settings
from zeues.services.demo import seed

TOKEN = "bench-admin-token-0123456789"


def cpu_per_command(mode: str, pairs: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/zeues.db",
            data_dir=Path(folder),
            admin_token=TOKEN,
            floor_auth=mode,  # type: ignore[arg-type]
        )
        container = build(settings)
        seed(container.store, container.read, container.clock(), container.today(), 3600)
        with TestClient(create_app(container)) as client:
            headers = {}
            if mode != "abierto":
                opened = client.post("/api/sesiones", json={"worker_id": 93, "pin": "9393"}).json()
                headers = {"X-Worker-Session": opened["token"]}
            body = {"tag_spool": "TEST-01", "worker_id": 93, "operacion": "ARM"}
            for _ in range(20):  # warm-up
                client.post("/api/occupation/tomar", json=body, headers=headers)
                client.post("/api/occupation/pausar", json=body, headers=headers)
            start = time.process_time()
            for _ in range(pairs):
                assert client.post("/api/occupation/tomar", json=body, headers=headers).is_success
                assert client.post("/api/occupation/pausar", json=body, headers=headers).is_success
            return (time.process_time() - start) / (2 * pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=400)
    args = parser.parse_args()
    abierto = cpu_per_command("abierto", args.pairs)
    pin = cpu_per_command("pin", args.pairs)
    print(f"abierto: {abierto * 1000:.2f} ms CPU por comando")
    print(f"pin:     {pin * 1000:.2f} ms CPU por comando")
    print(f"pin / abierto: {pin / abierto:.2f}")


if __name__ == "__main__":
    main()
