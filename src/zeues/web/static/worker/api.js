// The network: JSON reads, the "Sin conexión" state, and actions sent with an Idempotency-Key
// that are retried with the same key until the server answers (so nothing is done twice).

const listeners = new Set();
let online = true;

export function onConnection(listener) {
  listeners.add(listener);
}

export function setOnline(value) {
  if (value === online) return;
  online = value;
  listeners.forEach((listener) => listener(value));
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `Error ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function getJSON(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (err) {
    setOnline(false);
    throw err;
  }
  setOnline(true);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// One key per intent (one tap); crypto.randomUUID needs a secure context, which a tablet on
// the shop's plain-HTTP network is not.
export function newKey() {
  const random = new Uint32Array(4);
  crypto.getRandomValues(random);
  return "w-" + Date.now().toString(36) + "-" + Array.from(random, (n) => n.toString(36)).join("");
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Resolves with {ok, status, data} once the server has answered this intent. While the server
// cannot be reached, `onWaiting` is told and the same request (same key) is sent again.
export async function sendIntent(url, body, key, onWaiting) {
  for (;;) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": key },
        body: JSON.stringify(body),
      });
      if (response.status === 503) throw new Error("servidor no disponible");
      setOnline(true);
      const data = await response.json().catch(() => ({}));
      return { ok: response.ok, status: response.status, data };
    } catch (err) {
      setOnline(false);
      if (onWaiting) onWaiting();
      await sleep(1000);
    }
  }
}
