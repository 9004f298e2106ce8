// Small, shared readings of untrusted values for the analysis view: ids,
// numbers, percentages, scores, confidence levels, and the one word for missing.

export const MISSING = 'not provided';

/** An id (string or number) as text, or `null`. */
export function idText(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * A number grouped in thousands, digits as they are: `420000` → `420,000`, `3.5` → `3.5`. By hand rather than
 * `toLocaleString`, which loads ICU's number formatting into the web process for a comma.
 */
export function numberText(n) {
  if (!Number.isFinite(n)) return String(n);
  const digits = String(Math.abs(n));
  if (/e/i.test(digits)) return String(n);
  const [whole, fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** `0.92` as `92%`. */
export function percent(fraction) {
  return `${Math.round(fraction * 100)}%`;
}

/** A score as the server gave it: whole numbers whole, others to one place. */
export function formatScore(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** `high`, `medium`, `low` or `unknown`, for colouring a confidence. */
export function level(confidence) {
  if (confidence === null) return 'unknown';
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.6) return 'medium';
  return 'low';
}

/** Seconds as `38.0 s` or `2 min 45 s`. */
export function seconds(s) {
  if (s < 120) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
}

/** An agent's key (`crew_compliance`) in words (`Crew compliance`). */
export function agentName(key) {
  const words = String(key).replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Unnamed agent';
}
