// The scan field, where the barcode scanner types: it has the keys whenever nothing else asks
// for them. Chromium reports it focused again after a modal closes, but typed text goes nowhere
// until it is focused anew: a modal's Cerrar gives it back at once, so a tag scanned in the
// next instant arrives whole.
import { $ } from "../common/dom.js";

function refocusScan() {
  const scan = $("scan");
  scan.blur();
  scan.focus();
}

// Keys go to the scan field whenever nothing else is asking for them (the work screen shown, no
// modal, confirmation or picker open).
export function focusScan() {
  const scan = $("scan");
  if ($("work").hidden || document.querySelector("dialog[open]") || !$("confirm").hidden || !$("picker").hidden) return;
  if (document.activeElement !== scan) scan.focus();
}

// `dialog`, closed by `button` or by Escape, hands the keys back to the scan field.
export function closesToScan(dialog, button) {
  button.addEventListener("click", () => { dialog.close(); refocusScan(); });
  dialog.addEventListener("close", () => setTimeout(refocusScan, 0)); // closed by Escape
}
