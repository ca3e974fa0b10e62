from fastapi.testclient import TestClient

from tests.api.helpers import completar, pausar, spool, tomar


def test_tomar_pausar_tomar_completar_on_a_fresh_spool(client: TestClient) -> None:
    assert tomar(client, "TEST-01", 93).status_code == 200
    assert pausar(client, "TEST-01", 93).status_code == 200
    assert tomar(client, "TEST-01", 93).status_code == 200
    done = completar(client, "TEST-01", 93)
    assert done.status_code == 200, done.text
    assert spool(client, "TEST-01")["estado"]["arm"] == "COMPLETADO"
