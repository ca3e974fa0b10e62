// A hold follows the work (CONTRACT §1.2): while this tablet shows the worker's held spools
// ("Mis spools", an open card of one of them) it renews their holds with
// POST /api/occupation/renovar, so a long job never loses its spool. The server writes no audit
// event and at most one row update a minute per hold; the tablet renews every few minutes, and
// sooner when a hold is near its end (a short ZEUES_LEASE_TTL_SECONDS). A hold the server says
// lapsed (the tablet was off meanwhile) makes the queue read again, which then shows it.
// startRenewal({shown, onChange}): shown() → the tags on screen now; onChange() after a lapse.
import { secondsUntil } from "../common/format.js";
import { requestJSON } from "../common/request.js";
import { sessionHeaders } from "../common/session.js";
import { state } from "./state.js";

const MOST_MS = 5 * 60 * 1000; // a shift-long hold: every 5 minutes
const LEAST_MS = 2000;
let timer = null;
let plannedAt = Infinity;
let shownTags = () => [];
let onChange = () => {};

// When to renew next: a third of the shortest time left on a hold shown, within bounds.
function nextDelayMs() {
  const left = state.cola.mios
    .filter((item) => item.lease_expires_at && !item.toma_vencida)
    .map((item) => secondsUntil(item.lease_expires_at) * 1000);
  // No hold on screen yet: look again soon (nothing is sent meanwhile), so a spool taken a
  // moment after the last look is renewed in time even with a short lease.
  if (!left.length) return LEAST_MS;
  return Math.max(LEAST_MS, Math.min(MOST_MS, ...left.map((ms) => ms / 3)));
}

function plan(delayMs) {
  clearTimeout(timer);
  plannedAt = Date.now() + delayMs;
  timer = setTimeout(renewNow, delayMs);
}

// The holds shown changed (a row moved in, a first screen was read): a hold that needs renewing
// sooner than planned (a new one with a short lease) moves the next renewal earlier.
export function replan() {
  if (!state.worker) return;
  const delay = nextDelayMs();
  if (Date.now() + delay < plannedAt) plan(delay);
}

export async function renewNow() {
  clearTimeout(timer);
  plannedAt = Infinity;
  const tags = [...new Set(shownTags())].slice(0, 50);
  const visible = document.visibilityState !== "hidden";
  if (state.worker && tags.length && visible) {
    try {
      const answer = await requestJSON("/api/occupation/renovar", {
        method: "POST", body: { tag_spools: tags, worker_id: state.worker.id },
        headers: sessionHeaders(), // where the shop asks for it; a renewal never keeps it alive
      });
      const renewed = new Map(answer.details.filter((d) => d.success).map((d) => [d.tag_spool, d.lease_expires_at]));
      for (const item of state.cola.mios) {
        if (renewed.has(item.tag_spool)) item.lease_expires_at = renewed.get(item.tag_spool);
      }
      if (answer.failed > 0) onChange(); // lapsed or taken: the queue says which
    } catch (err) {
      // No connection: the banner says so, and the next attempt comes as planned.
    }
  }
  plan(nextDelayMs());
}

export function startRenewal(options) {
  shownTags = options.shown;
  onChange = options.onChange;
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") renewNow(); });
  plan(LEAST_MS);
}
