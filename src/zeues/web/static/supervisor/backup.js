// The last good backup of the database, as /api/health reports it (issue 19): shown in the
// console's bar so a supervisor notices when the shop PC stopped copying the floor's history.
import { $ } from "../common/dom.js";
import { formatDateTime } from "../common/format.js";
import { requestJSON } from "../common/request.js";

const EVERY_MS = 5 * 60 * 1000;

function ageText(hours) {
  if (hours < 1) return "hace menos de 1 h";
  if (hours < 48) return `hace ${Math.floor(hours)} h`;
  return `hace ${Math.floor(hours / 24)} días`;
}

// [text, bad?] for the bar.
export function backupLine(backup) {
  if (!backup) return ["", false];
  if (backup.status === "none") return ["Sin copia de seguridad todavía", true];
  const when = backup.last_backup_at
    ? `${ageText(backup.age_hours)} (${formatDateTime(backup.last_backup_at)})` : "";
  if (backup.status === "error") {
    return [`La última copia de seguridad falló${when ? "; la última buena: " + when : ""}`, true];
  }
  if (backup.status === "stale") return [`Copia de seguridad atrasada: ${when}`, true];
  return [`Copia de seguridad: ${when}`, false];
}

async function refresh() {
  const target = $("copia");
  try {
    const health = await requestJSON("/api/health");
    const [text, bad] = backupLine(health.backup);
    target.textContent = text;
    target.classList.toggle("mal", bad);
    target.title = health.backup ? `Carpeta: ${health.backup.folder}` : "";
  } catch {
    target.textContent = ""; // the connection badge already says the server is away
  }
}

export function startBackup() {
  refresh();
  setInterval(refresh, EVERY_MS);
}
