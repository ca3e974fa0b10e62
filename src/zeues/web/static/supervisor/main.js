// The supervisor console: the session first, then its sections, reloaded on any live event.
import { $ } from "../common/dom.js";
import { openLiveStream, showConnection } from "../common/live-stream.js";
import { notify, startActions } from "./actions.js";
import { loadAttention, startAttention } from "./attention.js";
import { startBackup } from "./backup.js";
import { loadProduction, startProduction } from "./production.js";
import { loadSpoolNotes, startSpoolNotes } from "./notes.js";
import { startSession, token, tokenRefused } from "./session.js";
import { loadPins, startPins } from "./pins.js";
import { loadTablets, startTablets } from "./tablets.js";
import { startTransfer } from "./transfer.js";

// One load at a time; events arriving meanwhile ask for one more at its end (after `gapMs`).
function oneAtATime(load, gapMs) {
  let running = false;
  let again = false;
  return async function run() {
    if (running) { again = true; return; }
    running = true;
    try {
      do {
        again = false;
        try { await load(); } catch (err) { if (!tokenRefused(err)) notify(err.message, true); }
        if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
      } while (again);
    } finally {
      running = false;
    }
  };
}

const reloadAttention = oneAtATime(loadAttention, 0);
const reloadProduction = oneAtATime(loadProduction, 1000);
const reloadTablets = oneAtATime(loadTablets, 5000); // their last use moves with the floor
const reloadPins = oneAtATime(loadPins, 5000);
const reloadNotes = oneAtATime(loadSpoolNotes, 0);
function reloadSections() { reloadAttention(); reloadProduction(); reloadTablets(); reloadPins(); reloadNotes(); }

function startConsole() {
  $("consola").hidden = false;
  startActions();
  startAttention({ reload: reloadSections });
  startProduction();
  startTransfer({ reload: reloadSections });
  startTablets();
  startPins();
  startBackup();
  startSpoolNotes();
  reloadSections();
  openLiveStream({
    token: token(),
    onEvent: reloadSections,
    onState: (state) => {
      showConnection($("conexion"), state);
      if (state.connected) reloadSections();
    },
  });
}

startSession(startConsole);
