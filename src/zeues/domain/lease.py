"""The stale-session rule (CONTRACT §1.2): a hold follows the work.

The holder's TOMAR and their tablet's renewal (while it shows the spool) push the lease forward;
it lapses only after the TTL without either. A lapsed hold that nobody moved on still lets its
worker PAUSAR or COMPLETAR (the work was done; the audit notes the lapse). Once someone else
took the spool or moved it on, the row remembers the lapse (`Spool.lapsed`) so that worker is
told 410 instead of a puzzling 400 or 403."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, tzinfo

from zeues.domain import errors
from zeues.domain.estado import effective
from zeues.domain.guards import check_not_blocked, owner_data, with_expiry
from zeues.domain.model import Change, EventDraft, Lapse, Occupation, Operacion, Spool, Worker

# A tablet renews every few minutes while it shows a held spool; a renewal that would move the
# expiry by less than this writes nothing (the heartbeat stays a read).
MIN_RENEW_STEP_SECONDS = 60


def lease_until(now: datetime, ttl: int) -> datetime | None:
    return now + timedelta(seconds=ttl) if ttl > 0 else None


def renewed(view: Spool, holder: Occupation, now: datetime, ttl: int) -> Spool:
    """The spool with its live hold extended to now + TTL, one version later."""
    longer = replace(holder, lease_expires_at=lease_until(now, ttl))
    return view.evolve(holder=longer, version=view.version + 1)


def own_lapse(expired: Occupation | None, worker: Worker, operacion: Operacion) -> bool:
    """Whether `expired` (a lapsed hold nobody moved on) is this worker's, on this operation."""
    return expired is not None and expired.worker_id == worker.id and expired.operacion is operacion


def check_not_moved_on(spool: Spool, worker: Worker, operacion: Operacion) -> None:
    """410 for the worker whose lapsed hold someone else then took or moved on."""
    lapsed = spool.lapsed
    if lapsed is None or lapsed.worker_id != worker.id or lapsed.operacion is not operacion:
        return
    tag, at = spool.tag_spool, lapsed.at
    holder = spool.holder
    after = f"{holder.worker_nombre} lo tiene ahora" if holder else "el spool siguió su curso"

    def message(tz: tzinfo) -> str:
        return (
            f"Su toma del spool {tag} ({operacion}) venció a las {at.astimezone(tz):%H:%M} y "
            f"después {after}. Revise el spool antes de seguir."
        )

    data = owner_data(holder) if holder else {}
    raise errors.LockExpirado(message, {**data, "vencida_at": at, "tag_spool": tag})


def moved_on(after: Spool, expired: Occupation | None, actor_id: int | None) -> Spool:
    """`after` once a command by `actor_id` superseded the lapsed hold `expired`: the lapse is
    remembered when the actor is someone else, forgotten when its own worker takes the spool."""
    if expired is not None and expired.worker_id != actor_id:
        assert expired.lease_expires_at is not None  # only leases with an end lapse
        return after.evolve(
            lapsed=Lapse(expired.worker_id, expired.operacion, expired.lease_expires_at)
        )
    if after.lapsed is not None and after.lapsed.worker_id == actor_id:
        return after.evolve(lapsed=None)
    return after


def closing_events(
    before: Spool, lapsed: Occupation | None, now: datetime, closing: EventDraft
) -> tuple[EventDraft, ...]:
    """A PAUSAR/COMPLETAR's event, after the LEASE_EXPIRADO of the worker's own lapsed hold when
    there is one: the session ended EXPIRADO at the lapse, and the closing event notes it."""
    if lapsed is None:
        return (closing,)
    assert lapsed.lease_expires_at is not None
    vencida = lapsed.lease_expires_at.isoformat()
    noted = replace(closing, metadata={**closing.metadata, "toma_vencida_at": vencida})
    return with_expiry(effective(before, now)[0], lapsed, now, noted)


def renovar(spool: Spool, worker: Worker, now: datetime, ttl: int) -> Change:
    """The tablet's renewal of the hold this worker has on the spool: no audit event. A renewal
    that would move the expiry by less than MIN_RENEW_STEP_SECONDS changes nothing."""
    view, expired = effective(spool, now)
    tag = spool.tag_spool
    check_not_blocked(view)
    holder = view.holder
    if holder is not None and holder.worker_id == worker.id:
        step = min(MIN_RENEW_STEP_SECONDS, ttl // 10)
        lease = holder.lease_expires_at
        message = f"Toma del spool {tag} renovada ({holder.operacion})"
        if lease is None or lease >= now + timedelta(seconds=ttl - step):
            return Change(view, (), message, False)
        return Change(renewed(view, holder, now, ttl), (), message)
    if expired is not None and expired.worker_id == worker.id:
        raise _lapsed_untouched(tag, expired)
    for operacion in Operacion:
        check_not_moved_on(spool, worker, operacion)
    if holder is not None:
        raise errors.NoAutorizado(
            f"El spool {tag} lo tiene {holder.worker_nombre} ({holder.operacion}); usted ya no "
            "lo tiene tomado.",
            owner_data(holder),
        )
    raise errors.OperacionNoIniciada(
        f"Usted no tiene tomado el spool {tag}: no hay toma que renovar.",
        {"tag_spool": tag, "worker_id": worker.id},
    )


def _lapsed_untouched(tag: str, expired: Occupation) -> errors.LockExpirado:
    at = expired.lease_expires_at
    assert at is not None

    def message(tz: tzinfo) -> str:
        return (
            f"Su toma del spool {tag} ({expired.operacion}) venció a las "
            f"{at.astimezone(tz):%H:%M} sin actividad. Nadie lo ha tomado desde entonces: puede "
            "pausarlo o completarlo, o tomarlo de nuevo."
        )

    data = owner_data(expired)
    return errors.LockExpirado(message, {**data, "vencida_at": at, "retomable": True})
