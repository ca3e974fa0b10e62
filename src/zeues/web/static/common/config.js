// What the server tells every page about itself, read once from the <meta name="zeues-…"> tags
// that web/pages.py adds when it serves the page:
// - shopTimezone: ZEUES_TIMEZONE, the zone every time is shown in (null: the browser's own);
// - ssePingSeconds: ZEUES_SSE_PING_SECONDS, how often the live stream writes a ping.

function meta(name) {
  const node = document.querySelector(`meta[name="${name}"]`);
  return node && node.content ? node.content : null;
}

export const shopTimezone = meta("zeues-timezone");
export const ssePingSeconds = Number(meta("zeues-sse-ping-seconds")) || 15;
