// Dates, times and durations, written one way on every screen.
// - Dates are DD-MM-YYYY and times HH:MM in the SHOP's timezone (config.shopTimezone), whatever
//   the tablet's own zone or language. A business date the API sends as YYYY-MM-DD is reordered,
//   never shifted through a timezone.
// - Durations: "< 1 min", "12 min", "3 h 05 min", "2 d 3 h" (no seconds: most screens redraw
//   them every few seconds); countdowns "mm:ss" or "h:mm:ss", "vencida" at zero.
// - now() is the server's clock: syncClock(iso) takes the tablet's drift out, from any
//   timestamp the server sent (a tablet's clock may be minutes off).
import { shopTimezone } from "./config.js";

let skewMs = 0; // server − tablet
export const now = () => Date.now() + skewMs;

export function syncClock(serverIso) {
  const server = Date.parse(serverIso);
  if (!Number.isNaN(server)) skewMs = server - Date.now();
}

const FIELDS = {
  year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", numberingSystem: "latn",
};

function shopFormat() {
  try {
    return new Intl.DateTimeFormat("en-US", { ...FIELDS, timeZone: shopTimezone || undefined });
  } catch (err) { // a zone this browser does not know: its own zone rather than no screen
    console.warn(`Zona horaria desconocida para el navegador: ${shopTimezone}`);
    return new Intl.DateTimeFormat("en-US", FIELDS);
  }
}
const SHOP = shopFormat();

// {year, month, day, hour, minute, second} of a moment (ISO text or epoch ms) in the shop's zone.
function shopFields(moment) {
  const ms = typeof moment === "number" ? moment : Date.parse(moment);
  if (Number.isNaN(ms)) return null;
  const fields = {};
  for (const part of SHOP.formatToParts(ms)) fields[part.type] = part.value;
  return fields;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function formatDate(value) {
  if (value === null || value === undefined || value === "") return "";
  const plain = typeof value === "string" && DATE_ONLY.exec(value);
  if (plain) return `${plain[3]}-${plain[2]}-${plain[1]}`;
  const f = shopFields(value);
  return f ? `${f.day}-${f.month}-${f.year}` : "";
}

export function formatTime(value) {
  const f = value === null || value === undefined || value === "" ? null : shopFields(value);
  return f ? `${f.hour}:${f.minute}` : "";
}

export function formatClock(value) {
  const f = value === null || value === undefined || value === "" ? null : shopFields(value);
  return f ? `${f.hour}:${f.minute}:${f.second}` : "";
}

export function formatDateTime(value) {
  const time = formatTime(value);
  return time ? `${formatDate(value)} ${time}` : "";
}

// The shop's date now, as the API writes dates (YYYY-MM-DD): what a date field defaults to.
export function shopToday() {
  const f = shopFields(now());
  return `${f.year}-${f.month}-${f.day}`;
}

const pad = (n) => String(n).padStart(2, "0");

export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return "< 1 min";
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${pad(m % 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatCountdown(seconds) {
  if (seconds <= 0) return "vencida";
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const rest = `${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return h > 0 ? `${h}:${rest}` : rest;
}

export const secondsSince = (iso) => (now() - Date.parse(iso)) / 1000;
export const secondsUntil = (iso) => (Date.parse(iso) - now()) / 1000;
