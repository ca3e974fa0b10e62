"""The Spanish display string `estado_detalle` and the lease-aware view of a spool."""

from __future__ import annotations

from datetime import datetime

from zeues.domain.model import (
    MAX_CICLOS,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    Occupation,
    Operacion,
    Spool,
)

_PALABRA = {
    EstadoOp.PENDIENTE: "pendiente",
    EstadoOp.EN_PROGRESO: "en progreso",
    EstadoOp.PAUSADO: "pausado",
    EstadoOp.COMPLETADO: "completado",
}


def effective(spool: Spool, now: datetime) -> tuple[Spool, Occupation | None]:
    """The spool as everyone must see it at `now`, and the lease that expired (if any).

    An expired lease frees the spool and its operation counts as paused; the row keeps the
    old holder so that holder can be told 410 instead of a confusing 400.
    """
    holder = spool.holder
    if holder is None or not holder.expired(now):
        return spool, None
    changes: dict[str, object] = {"holder": None}
    if holder.operacion is Operacion.ARM and spool.arm is EstadoOp.EN_PROGRESO:
        changes["arm"] = EstadoOp.PAUSADO
    elif holder.operacion is Operacion.SOLD and spool.sold is EstadoOp.EN_PROGRESO:
        changes["sold"] = EstadoOp.PAUSADO
    elif (
        holder.operacion is Operacion.REPARACION
        and spool.reparacion is EstadoReparacion.EN_REPARACION
    ):
        changes["reparacion"] = EstadoReparacion.PAUSADA
    return spool.evolve(**changes), holder


def _ciclo(spool: Spool) -> str:
    return f"(Ciclo {spool.ciclo}/{MAX_CICLOS})"


def detalle(spool: Spool) -> str:
    """estado_detalle of a spool already passed through `effective`."""
    if spool.bloqueado:
        return "BLOQUEADO - Contactar supervisor"
    if spool.reparacion is EstadoReparacion.EN_REPARACION and spool.holder is not None:
        return f"EN_REPARACION {_ciclo(spool)} - Ocupado: {spool.holder.worker_nombre}"
    if spool.reparacion is EstadoReparacion.PAUSADA:
        return f"REPARACION_PAUSADA {_ciclo(spool)}"
    if (
        spool.reparacion is EstadoReparacion.COMPLETADA
        and spool.metrologia is EstadoMetrologia.PENDIENTE
    ):
        return f"PENDIENTE_METROLOGIA {_ciclo(spool)}"
    progreso = f"ARM {_PALABRA[spool.arm]}, SOLD {_PALABRA[spool.sold]}"
    if spool.holder is not None:
        text = f"{spool.holder.worker_nombre} trabajando {spool.holder.operacion} ({progreso})"
    else:
        text = f"Disponible - {progreso}"
    if spool.metrologia is EstadoMetrologia.APROBADO:
        text += ", METROLOGIA APROBADO ✓"
    elif spool.metrologia is EstadoMetrologia.RECHAZADO:
        text += f", RECHAZADO {_ciclo(spool)} - Pendiente reparación"
    return text


def detalle_at(spool: Spool, now: datetime) -> str:
    return detalle(effective(spool, now)[0])


def texto(spool: Spool, viewer_id: int | None = None) -> str:
    """The state for screens: the facts of `detalle` in plain words, without its codes
    (`EN_REPARACION`, `(Ciclo 1/3)`); the holder is «usted» when `viewer_id` holds the spool.
    `spool` already passed through `effective`."""
    ciclo = f"ciclo {spool.ciclo} de {MAX_CICLOS}"
    holder = spool.holder
    who = None
    if holder is not None:
        who = "usted" if holder.worker_id == viewer_id else holder.worker_nombre
    if spool.bloqueado:
        return f"Bloqueado tras {MAX_CICLOS} rechazos de metrología: avise al supervisor"
    if spool.reparacion is EstadoReparacion.EN_REPARACION and who is not None:
        return f"En reparación ({ciclo}), la tiene {who}"
    if spool.reparacion is EstadoReparacion.PAUSADA:
        return f"Reparación pausada ({ciclo})"
    if (
        spool.reparacion is EstadoReparacion.COMPLETADA
        and spool.metrologia is EstadoMetrologia.PENDIENTE
    ):
        return f"Reparado, espera metrología ({ciclo})"
    head = "Disponible"
    if holder is not None:
        head = f"{'Usted' if who == 'usted' else who} trabajando en {holder.operacion}"
    text = f"{head} · ARM {_PALABRA[spool.arm]}, SOLD {_PALABRA[spool.sold]}"
    if spool.metrologia is EstadoMetrologia.APROBADO:
        text += " · metrología aprobada"
    elif spool.metrologia is EstadoMetrologia.RECHAZADO:
        text += f" · rechazado en metrología ({ciclo}), espera reparación"
    return text
