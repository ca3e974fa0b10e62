// Test probe (added to the page before its own scripts): each /api/sse/stream attempt as the
// page lives it, in the page's clock, in window.__streamAttempts: when its fetch started
// (`at`), connected (`openedAt`) or failed (`failedAt`), when its signal aborted it
// (`abortedAt`: the watchdog), when data last arrived (`lastDataAt`) and the text received.
window.__streamAttempts = [];
const bodies = new WeakMap();
const realFetch = window.fetch;
window.fetch = function (input, init) {
  const promise = realFetch.apply(this, arguments);
  const url = typeof input === "string" ? input : input.url;
  if (url.includes("/api/sse/stream")) {
    const attempt = {
      at: Date.now(), openedAt: null, failedAt: null, abortedAt: null, lastDataAt: null, text: "",
    };
    window.__streamAttempts.push(attempt);
    if (init && init.signal) {
      init.signal.addEventListener("abort", () => { attempt.abortedAt = Date.now(); });
    }
    promise.then(
      (response) => { attempt.openedAt = Date.now(); bodies.set(response.body, attempt); },
      () => { attempt.failedAt = Date.now(); },
    );
  }
  return promise;
};
const realGetReader = ReadableStream.prototype.getReader;
ReadableStream.prototype.getReader = function (...args) {
  const reader = realGetReader.apply(this, args);
  const attempt = bodies.get(this);
  if (attempt) {
    const realRead = reader.read.bind(reader);
    const decoder = new TextDecoder();
    reader.read = () => realRead().then((chunk) => {
      if (!chunk.done) {
        attempt.lastDataAt = Date.now();
        attempt.text += decoder.decode(chunk.value, { stream: true });
      }
      return chunk;
    });
  }
  return reader;
};
