// A day chosen in the app itself, written DD-MM-YYYY and moved a day at a time, never past its
// latest day: no <input type=date>, whose format follows the tablet's language and system.
// dateStep({output, prev, next, onChange}) → {value (YYYY-MM-DD, as the API takes it),
// set(day, latest)}; onChange(day) after a step.
import { formatDate } from "./format.js";

// The day before or after a YYYY-MM-DD date (calendar arithmetic, no timezone involved).
export function shiftDay(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function dateStep({ output, prev, next, onChange = () => {} }) {
  let day = null;
  let latest = null;
  const show = () => {
    output.textContent = day ? formatDate(day) : "";
    next.disabled = !day || (latest !== null && day >= latest);
    prev.disabled = !day;
  };
  const step = (days) => {
    if (!day) return;
    const moved = shiftDay(day, days);
    if (latest !== null && moved > latest) return;
    day = moved;
    show();
    onChange(day);
  };
  prev.onclick = () => step(-1);
  next.onclick = () => step(1);
  show();
  return {
    get value() { return day; },
    set(value, max = latest) { day = value; latest = max; show(); },
  };
}
