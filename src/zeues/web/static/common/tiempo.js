// Formato de horas y duraciones para las pantallas (es-CL). Compartido por el tablero y la
// consola; el reloj del servidor manda: `Tiempo.ajustar(isoDelServidor)` corrige el desfase.
"use strict";
const Tiempo = (() => {
  let desfaseMs = 0; // servidor − navegador
  const ahora = () => Date.now() + desfaseMs;
  function ajustar(isoServidor) {
    const t = Date.parse(isoServidor);
    if (!Number.isNaN(t)) desfaseMs = t - Date.now();
  }
  const dos = (n) => String(n).padStart(2, "0");
  function hora(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return `${dos(d.getHours())}:${dos(d.getMinutes())}`;
  }
  function horaSeg(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return `${hora(iso)}:${dos(d.getSeconds())}`;
  }
  // 75 s → "1 min", 3 h 5 min → "3 h 05 min", 2 días → "2 d 3 h".
  function duracion(segundos) {
    const s = Math.max(0, Math.floor(segundos));
    if (s < 60) return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min`;
    const h = Math.floor(m / 60);
    if (h < 24) return `${h} h ${dos(m % 60)} min`;
    return `${Math.floor(h / 24)} d ${h % 24} h`;
  }
  // Cuenta regresiva "mm:ss" (o "h:mm:ss"); "vencida" al llegar a cero.
  function cuentaRegresiva(segundos) {
    if (segundos <= 0) return "vencida";
    const s = Math.floor(segundos);
    const h = Math.floor(s / 3600);
    const resto = `${dos(Math.floor((s % 3600) / 60))}:${dos(s % 60)}`;
    return h > 0 ? `${h}:${resto}` : resto;
  }
  const segundosDesde = (iso) => (ahora() - Date.parse(iso)) / 1000;
  const segundosHasta = (iso) => (Date.parse(iso) - ahora()) / 1000;
  return { ahora, ajustar, hora, horaSeg, duracion, cuentaRegresiva, segundosDesde, segundosHasta };
})();
