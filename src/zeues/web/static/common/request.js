// The one way a screen calls the ZEUES API.
// request(url, options) resolves with the Response of a 2xx answer; anything else rejects with
// an ApiError that carries the API's error shape {error, detail, message, data} (CONTRACT §2.1)
// and its HTTP status. The message is always Spanish and says what to do: the server's own when
// it sent one, else one written here for
// - no answer at all (status 0, error "SIN_CONEXION"),
// - a 503 (retryAfterSeconds from its Retry-After header, error "SERVICIO_NO_DISPONIBLE"),
// - another 5xx or an answer that is not the API's (a proxy's page).
// options: {method, body (sent as JSON), form (FormData, multipart), token (admin bearer),
// headers, signal}. requestJSON(url, options) does the same and resolves with the parsed body.

export const NO_CONNECTION = "SIN_CONEXION";

export class ApiError extends Error {
  constructor(status, shape, retryAfterSeconds = null) {
    super(shape.message);
    this.name = "ApiError";
    this.status = status;
    this.error = shape.error;
    this.detail = shape.detail;
    this.data = shape.data;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get body() {
    return { error: this.error, detail: this.detail, message: this.message, data: this.data };
  }
}

function shape(error, message, data = {}) {
  return { error, detail: message, message, data };
}

function retryAfter(response) {
  const seconds = Number(response.headers.get("Retry-After"));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

// The error of a non-2xx answer: the server's shape when it sent one, else written here.
function answerError(response, body, wait) {
  const status = response.status;
  const message = body && (body.message || (typeof body.detail === "string" && body.detail));
  if (message) {
    const data = body.data && typeof body.data === "object" ? body.data : {};
    return new ApiError(status, { error: body.error || `HTTP_${status}`, detail: body.detail ?? message, message, data }, wait);
  }
  if (status === 503) {
    const when = wait ? `en ${wait} s` : "en unos segundos";
    return new ApiError(status, shape("SERVICIO_NO_DISPONIBLE", `El servidor no está disponible por ahora. Reintente ${when}.`), wait);
  }
  if (status >= 500) {
    return new ApiError(status, shape("ERROR_DEL_SERVIDOR", `El servidor tuvo un problema (${status}). Reintente en un momento; si se repite, avise al administrador.`), wait);
  }
  return new ApiError(status, shape(`HTTP_${status}`, `El servidor rechazó la solicitud (${status}).`), wait);
}

function fetchOptions({ method = "GET", body, form, token, headers = {}, signal } = {}) {
  const sent = { method, headers: { Accept: "application/json", ...headers }, signal };
  if (token) sent.headers.Authorization = `Bearer ${token}`;
  if (form) sent.body = form; // multipart: the browser writes the boundary
  else if (body !== undefined) {
    sent.body = JSON.stringify(body);
    sent.headers["Content-Type"] = "application/json";
  }
  return sent;
}

export async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, fetchOptions(options));
  } catch (err) {
    if (err.name === "AbortError") throw err; // the caller cancelled: not a network failure
    throw new ApiError(0, shape(NO_CONNECTION, "Sin conexión con el servidor. Reintente en un momento."));
  }
  if (response.ok) return response;
  const body = await response.json().catch(() => null);
  throw answerError(response, body, retryAfter(response));
}

export async function requestJSON(url, options) {
  const response = await request(url, options);
  try {
    return await response.json();
  } catch (err) {
    throw new ApiError(response.status, shape("RESPUESTA_ILEGIBLE", "El servidor respondió algo que no se pudo leer. Reintente en un momento."));
  }
}
