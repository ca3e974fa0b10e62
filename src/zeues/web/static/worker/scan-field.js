// The scan field, where the barcode scanner types. Chromium reports it focused again after a
// modal closes, but typed text goes nowhere until it is focused anew: a modal's Cerrar calls
// refocusScan at once, so a tag scanned in the next instant arrives whole.
import { $ } from "../common/dom.js";

export function refocusScan() {
  const scan = $("scan");
  scan.blur();
  scan.focus();
}
