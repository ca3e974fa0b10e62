// The live events of /api/sse/stream, read the same way by every screen. fetch rather than
// EventSource, so that this code and not the browser decides how to reconnect:
// - the wait between attempts grows 1 s → 2 → 4 → 8 → 15 s (±20 %, so a hall of tablets does
//   not come back in step) and starts again at 1 s once a stream has stayed up STABLE_MS;
// - every attempt after an event sends Last-Event-ID with the last id seen: the server replays
//   what was missed;
// - a watchdog: the server writes a ping every ZEUES_SSE_PING_SECONDS, so a stream silent for
//   three of those is dead (a cable pulled, a proxy holding the socket) and is replaced;
// - a long stream the server ends on purpose (ZEUES_SSE_MAX_STREAM_SECONDS) is reopened at once.
// openLiveStream({onEvent(payload, id, type), onState({connected, retryInMs}), url, types})
// → {close()}: onEvent gets each payload (parsed JSON) of an event whose type is in `types`
// (default `spool_update`; a worker tablet's own stream sends `cola`); onState the connection
// state, which the screen shows (showConnection writes the words every screen uses).
import { ssePingSeconds } from "./config.js";
import { formatTime, now } from "./format.js";

const FIRST_WAIT_MS = 1000;
const MAX_WAIT_MS = 15000;
const STABLE_MS = 5000;
const SILENCE_MS = 3 * ssePingSeconds * 1000;

// One SSE block ("field: value" lines) → {type, data, id}; comments (pings) give no data.
function parseBlock(block) {
  let type = "message";
  let id = null;
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") type = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
  }
  return { type, data, id };
}

// `token`: the console's session (or admin token), where reads are closed to all but enrolled
// tablets and the console (ZEUES_FLOOR_READS=dispositivo); a tablet's cookie goes by itself.
export function openLiveStream({ onEvent, onState, url = "/api/sse/stream", types = ["spool_update"], token = null }) {
  let lastId = null;
  let waitMs = FIRST_WAIT_MS;
  let controller = null;
  let watchdog = null;
  let retry = null;
  let closed = false;

  function watch() {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller && controller.abort(), SILENCE_MS);
  }

  function deliver(block) {
    const { type, data, id } = parseBlock(block);
    if (id !== null) lastId = id;
    if (!types.includes(type) || data.length === 0) return;
    let payload;
    try { payload = JSON.parse(data.join("\n")); } catch (err) { return; }
    onEvent(payload, id, type);
  }

  // Reads one stream to its end; true when the server ended it cleanly.
  async function read(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let pending = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      watch();
      pending += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        deliver(pending.slice(0, end));
        pending = pending.slice(end + 2);
      }
    }
  }

  async function connect() {
    if (closed) return;
    controller = new AbortController();
    const headers = { Accept: "text/event-stream" };
    if (lastId !== null) headers["Last-Event-ID"] = lastId;
    if (token) headers.Authorization = `Bearer ${token}`;
    let openedAt = null;
    let clean = false;
    try {
      const response = await fetch(url, { headers, signal: controller.signal, cache: "no-store" });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      openedAt = Date.now();
      onState({ connected: true, retryInMs: 0 });
      watch();
      clean = await read(response);
    } catch (err) {
      // Network down, server stopped, watchdog fired: reported and retried below.
    }
    clearTimeout(watchdog);
    if (closed) return;
    const stable = openedAt !== null && Date.now() - openedAt >= STABLE_MS;
    if (stable) waitMs = FIRST_WAIT_MS;
    if (stable && clean) { connect(); return; }
    onState({ connected: false, retryInMs: waitMs });
    retry = setTimeout(connect, waitMs * (0.8 + Math.random() * 0.4));
    waitMs = Math.min(waitMs * 2, MAX_WAIT_MS);
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(watchdog);
      clearTimeout(retry);
      if (controller) controller.abort();
    },
  };
}

// The words every screen shows for a connection state, on an element styled by its classes
// `vivo` (live) and `caida` (down): since when it is down (a countdown to the next attempt
// would be stale the moment it is drawn), and nothing of it once live again.
export function showConnection(node, { connected }) {
  if (connected) delete node.dataset.desde;
  else if (!node.dataset.desde) node.dataset.desde = String(now());
  node.textContent = connected ? "en vivo" : `sin conexión desde las ${formatTime(Number(node.dataset.desde))}`;
  node.classList.toggle("vivo", connected);
  node.classList.toggle("caida", !connected);
}
