"""OpenAPI links: what a client (or a stateful fuzzer) can do next with the values of a response,
e.g. after TOMAR, PAUSAR or COMPLETAR the same spool as the same worker."""

from __future__ import annotations

from typing import Any

_SAME_HOLD = {
    "tag_spool": "$request.body#/tag_spool",
    "worker_id": "$request.body#/worker_id",
    "operacion": "$request.body#/operacion",
}

AFTER_TOMAR: dict[str, Any] = {
    "PausarElMismoSpool": {
        "operationId": "pausar_api_occupation_pausar_post",
        "requestBody": _SAME_HOLD,
        "description": "Pausar lo que se acaba de tomar.",
    },
    "CompletarElMismoSpool": {
        "operationId": "completar_api_occupation_completar_post",
        "requestBody": {**_SAME_HOLD, "fecha_operacion": "2026-01-02"},
        "description": "Completar lo que se acaba de tomar.",
    },
    "HistorialDelSpool": {
        "operationId": "sessions_api_history__tag__get",
        "parameters": {"path.tag": "$request.body#/tag_spool"},
        "description": "Las sesiones de trabajo del spool tomado.",
    },
    "EventosDelSpool": {
        "operationId": "events_api_history__tag__events_get",
        "parameters": {"path.tag": "$request.body#/tag_spool"},
        "description": "Los eventos de auditoría del spool tomado.",
    },
}

AFTER_WORKERS: dict[str, Any] = {
    "RolesDelPrimerTrabajador": {
        "operationId": "roles_api_workers__worker_id__roles_get",
        "parameters": {"path.worker_id": "$response.body#/workers/0/id"},
        "description": "Los roles de un trabajador de la lista.",
    },
}

AFTER_UPSERT_WORKER: dict[str, Any] = {
    "RolesDelTrabajador": {
        "operationId": "roles_api_workers__worker_id__roles_get",
        "parameters": {"path.worker_id": "$request.body#/id"},
        "description": "Los roles del trabajador creado o actualizado.",
    },
}


def with_links(
    responses: dict[int | str, dict[str, Any]], links: dict[str, Any]
) -> dict[int | str, dict[str, Any]]:
    """`responses` (the documented errors) plus `links` on the 200 response."""
    return {**responses, 200: {"links": links}}
