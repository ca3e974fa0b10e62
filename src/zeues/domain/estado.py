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


def _repair_phase(spool: Spool) -> str | None:
    """The states whose text replaces the ARM/SOLD progress (CONTRACT §1.5), or None."""
    if spool.bloqueado:
        return "bloqueado"
    if spool.reparacion is EstadoReparacion.EN_REPARACION and spool.holder is not None:
        return "reparando"
    if spool.reparacion is EstadoReparacion.PAUSADA:
        return "pausada"
    if (
        spool.reparacion is EstadoReparacion.COMPLETADA
        and spool.metrologia is EstadoMetrologia.PENDIENTE
    ):
        return "reparado"
    return None


# The same phases in the contract's words (clients match them) and in plain words for screens.
_DETALLE = {
    "bloqueado": "BLOQUEADO - Contactar supervisor",
    "reparando": "EN_REPARACION {ciclo} - Ocupado: {who}",
    "pausada": "REPARACION_PAUSADA {ciclo}",
    "reparado": "PENDIENTE_METROLOGIA {ciclo}",
}
_TEXTO = {
    "bloqueado": f"Bloqueado tras {MAX_CICLOS} rechazos de metrología: avise al supervisor",
    "reparando": "En reparación ({ciclo}), la tiene {who}",
    "pausada": "Reparación pausada ({ciclo})",
    "reparado": "Reparado, espera metrología ({ciclo})",
}


def detalle(spool: Spool) -> str:
    """estado_detalle of a spool already passed through `effective`."""
    phase = _repair_phase(spool)
    if phase is not None:
        who = spool.holder.worker_nombre if spool.holder else ""
        return _DETALLE[phase].format(ciclo=_ciclo(spool), who=who)
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
    holder = spool.holder
    who = ""
    if holder is not None:
        who = "usted" if holder.worker_id == viewer_id else holder.worker_nombre
    ciclo = f"ciclo {spool.ciclo} de {MAX_CICLOS}"
    phase = _repair_phase(spool)
    if phase is not None:
        return _TEXTO[phase].format(ciclo=ciclo, who=who)
    head = "Disponible"
    if holder is not None:
        head = f"{'Usted' if who == 'usted' else who} trabajando en {holder.operacion}"
    text = f"{head} · ARM {_PALABRA[spool.arm]}, SOLD {_PALABRA[spool.sold]}"
    if spool.metrologia is EstadoMetrologia.APROBADO:
        text += " · metrología aprobada"
    elif spool.metrologia is EstadoMetrologia.RECHAZADO:
        text += f" · rechazado en metrología ({ciclo}), espera reparación"
    return text
