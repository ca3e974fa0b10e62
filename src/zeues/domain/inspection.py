"""METROLOGIA: an instant inspection, and the repair-cycle counter (CONTRACT §1.1, §1.3)."""

from __future__ import annotations

from datetime import date, datetime

from zeues.domain import errors
from zeues.domain.estado import effective
from zeues.domain.guards import check_not_blocked, check_role, event, owner_data
from zeues.domain.model import (
    MAX_CICLOS,
    Change,
    EstadoMetrologia,
    EstadoOp,
    EstadoReparacion,
    EventoTipo,
    Operacion,
    Resultado,
    Spool,
    Worker,
)


def inspeccionar(
    spool: Spool, worker: Worker, resultado: Resultado, now: datetime, fecha: date
) -> Change:
    view, _ = effective(spool, now)
    tag = spool.tag_spool
    check_not_blocked(view)
    check_role(worker, Operacion.METROLOGIA)
    if view.holder:
        raise errors.SpoolOcupado(
            f"El spool {tag} está ocupado por {view.holder.worker_nombre} "
            f"({view.holder.operacion}); no se puede inspeccionar mientras alguien trabaja en él.",
            owner_data(view.holder),
        )
    if view.metrologia is EstadoMetrologia.APROBADO:
        raise errors.OperacionYaCompletada(
            f"El spool {tag} ya tiene METROLOGIA APROBADO.", {"operacion": "METROLOGIA"}
        )
    faltantes = [
        op for op, st in (("ARM", view.arm), ("SOLD", view.sold)) if st is not EstadoOp.COMPLETADO
    ]
    if faltantes:
        raise errors.DependenciasNoSatisfechas(
            f"METROLOGIA requiere ARM y SOLD completados en el spool {tag}; falta: "
            f"{' y '.join(faltantes)}.",
            {"faltante": faltantes},
        )
    if view.metrologia is EstadoMetrologia.RECHAZADO:
        raise errors.DependenciasNoSatisfechas(
            f"El spool {tag} fue RECHAZADO y aún no se repara: complete la REPARACION antes de "
            "una nueva inspección.",
            {"faltante": "REPARACION"},
        )
    if resultado is Resultado.APROBADO:
        after = view.evolve(
            metrologia=EstadoMetrologia.APROBADO, ciclo=0, fecha_qc_metrologia=fecha
        )
    else:
        ciclo = view.ciclo + 1
        after = view.evolve(
            metrologia=EstadoMetrologia.RECHAZADO,
            reparacion=EstadoReparacion.PENDIENTE,
            ciclo=ciclo,
            bloqueado=ciclo >= MAX_CICLOS,
            fecha_qc_metrologia=fecha,
            fecha_rechazo=fecha,
        )
    after = after.evolve(version=spool.version + 1)
    ev = event(
        EventoTipo.COMPLETAR_METROLOGIA,
        after,
        worker,
        Operacion.METROLOGIA,
        "COMPLETAR",
        now,
        fecha_operacion=fecha,
        resultado=resultado.value,
        ciclo=after.ciclo,
    )
    return Change(after, (ev,), f"Metrología {resultado} registrada para spool {tag}")
