// Small, shared readings of untrusted values for the analysis view: ids,
// percentages, scores, confidence levels, and the one word for missing.

export const MISSING = 'not provided';

/** An id (string or number) as text, or `null`. */
export function idText(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
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
