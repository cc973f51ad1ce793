// Instants arrive as RFC 3339 in UTC; they are shown in China time (UTC+8, no daylight saving).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** "2026-12-06 18:30:05" (China time) from "2026-12-06T10:30:05Z"; "" for an empty instant. */
export function chinaTime(rfc3339) {
  if (!rfc3339) return '';
  const date = new Date(Date.parse(rfc3339) + CHINA_OFFSET_MS);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} `
    + `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** The period (YYYY-MM) before the given one. */
export function previousPeriod(period) {
  const [year, month] = period.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** A fresh request id for a mutating call: the API is idempotent on it, so a retried click returns the first answer. */
export function requestId(kind) {
  return `console-${kind}-${crypto.randomUUID()}`;
}
