// The worker app's network: reads through the common request helper, the "Sin conexión" state
// (the server could not be reached, or answered 503), and actions sent with an Idempotency-Key
// and retried with the same key until the server answers (so nothing is done twice).
import { ApiError, request, requestJSON } from "../common/request.js";
import { SESSION_LOST, sessionHeaders, sessionLost } from "../common/session.js";

const listeners = new Set();
let online = true;

export function onConnection(listener) {
  listeners.add(listener);
}

export function setOnline(value) {
  if (value === online) return;
  online = value;
  listeners.forEach((listener) => listener(value));
  // An answer that came first leaves the recheck nothing to ask (a hall of tablets coming
  // back would each ask once more).
  if (value) clearTimeout(recheck);
  else askUntilBack();
}

// "Sin conexión … Reintentando…" must be true: a read that failed while the live stream stayed
// up (a short Wi-Fi drop) is asked again by nothing else, and the banner stayed for good. While
// down, the server is asked every few seconds (spread, so a hall of tablets is not in step);
// its answer turns the state back, and the screen reads again.
const RECHECK_MS = 5000;
let recheck = null;
function askUntilBack() {
  clearTimeout(recheck);
  recheck = setTimeout(async () => {
    await getJSON("/api/health/live").catch(() => {});
    if (!online) askUntilBack();
  }, RECHECK_MS * (0.8 + Math.random() * 0.4));
}

// The parsed body; an ApiError otherwise (status 0 when the server could not be reached).
export async function getJSON(url) {
  try {
    const body = await requestJSON(url);
    setOnline(true);
    return body;
  } catch (err) {
    setOnline(!(err instanceof ApiError && err.status === 0));
    throw err;
  }
}

// One key per intent (one tap); crypto.randomUUID needs a secure context, which a tablet on
// the shop's plain-HTTP network is not.
export function newKey() {
  const random = new Uint32Array(4);
  crypto.getRandomValues(random);
  return "w-" + Date.now().toString(36) + "-" + Array.from(random, (n) => n.toString(36)).join("");
}

const RETRY_MS = 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Resolves with {ok, status, data} once the server has answered this intent (data: the answer,
// or the API's error shape). While the server cannot be reached or answers 503, `onWaiting` is
// told and the same request (same key) is sent again.
export async function sendIntent(url, body, key, onWaiting) {
  for (;;) {
    try {
      // The worker session (pin, dispositivo+pin) rides along; in `abierto` there is none.
      const headers = { "Idempotency-Key": key, ...sessionHeaders() };
      const response = await request(url, { method: "POST", body, headers });
      setOnline(true);
      return { ok: true, status: response.status, data: await response.json().catch(() => ({})) };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status !== 0 && err.status !== 503) {
        setOnline(true);
        if (SESSION_LOST.has(err.error)) sessionLost(err.body);
        return { ok: false, status: err.status, data: err.body };
      }
      setOnline(false);
      if (onWaiting) onWaiting();
      await sleep(err.retryAfterSeconds ? err.retryAfterSeconds * 1000 : RETRY_MS);
    }
  }
}
