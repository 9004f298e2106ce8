// Times as a duty manager reads them: UTC (Zulu) first, because that is
// what operations run on, with the local time beside it.

const pad = (n) => String(n).padStart(2, '0');

/** `2026-11-25 03:12Z` for a time in ms since the epoch. */
export function zulu(ms) {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}Z`;
}

/**
 * `10:42 UTC` for a time on `now`'s UTC day, else `2026-11-24 10:42 UTC`: the clock people read on a status line
 * or a claim, the date only when it is not today.
 */
export function utcClock(ms, now = Date.now()) {
  const day = zulu(ms).slice(0, 10);
  const time = zulu(ms).slice(11, 16);
  return day === zulu(now).slice(0, 10) ? `${time} UTC` : `${day} ${time} UTC`;
}

/** `2026-11-25 03:12Z (07:12 local)`. */
export function zuluAndLocal(ms) {
  const d = new Date(ms);
  return `${zulu(ms)} (${pad(d.getHours())}:${pad(d.getMinutes())} local)`;
}

/** Midnight UTC of a `YYYY-MM-DD` date input, in ms; `null` when empty. */
export function dayStart(value) {
  if (!value) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) ? ms : null;
}
