// How old the analysis on screen is, kept current while it is shown: a
// decision taken on an old analysis may answer a situation that has since
// changed, so the duty manager sees the age in words, in amber past the
// history's stale limit, and is asked before deciding on it.

import { el } from './dom.js';

const TICK_MS = 30_000;
const MINUTE_MS = 60_000;

// The age lines on screen; a line taken off the page leaves at the next tick.
const lines = new Set();
let timer = null;

/** `47 min`, `less than a minute`, `3 h 05 min` or `3 days` for a span in ms (never negative). */
export function spanWords(ms) {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE_MS);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** `analysed 47 min ago` for an age in ms (a clock ahead of the record reads "less than a minute"). */
export function ageWords(ageMs) {
  return `analysed ${spanWords(ageMs)} ago`;
}

/** True when an analysis received at `receivedMs` is older than `limitMinutes` now. */
export function isStale(receivedMs, limitMinutes, now = Date.now()) {
  return now - receivedMs > limitMinutes * MINUTE_MS;
}

/**
 * An age line for an analysis received at `receivedMs` (ms since the
 * epoch, as the history recorded the chunk), amber past `limitMinutes`.
 * `decided`: a decision is in force on it, so running it again before
 * deciding is no longer advice; `later`: a later analysis of the session
 * exists, so the age is not called current. It updates itself every 30 s
 * while it is in the document, unless `tracked` is false (a line drawn
 * only to be measured).
 */
export function ageLine(receivedMs, limitMinutes, { decided = false, later = false, tracked = true } = {}) {
  const line = el('p', {
    class: 'freshness',
    id: 'analysis-age',
    dataset: {
      receivedMs: String(receivedMs),
      limitMinutes: String(limitMinutes),
      decided: String(decided),
      later: String(later),
    },
  });
  update(line);
  if (!tracked) return line;
  lines.add(line);
  if (timer === null) timer = setInterval(tick, TICK_MS);
  return line;
}

function tick() {
  for (const line of lines) {
    if (line.isConnected) update(line);
    else lines.delete(line);
  }
  if (lines.size === 0) {
    clearInterval(timer);
    timer = null;
  }
}

function update(line) {
  const received = Number(line.dataset.receivedMs);
  const limit = Number(line.dataset.limitMinutes);
  const stale = isStale(received, limit);
  const words = ageWords(Date.now() - received);
  line.dataset.stale = String(stale);
  const advice = line.dataset.decided === 'true' ? '' : ' Consider running it again before deciding.';
  const fresh = line.dataset.later === 'true' ? 'Recent' : 'Current';
  line.textContent = stale
    ? `Stale: ${words}, past the ${limit} min limit.${advice}`
    : `${fresh}: ${words} (stale after ${limit} min).`;
}

/**
 * Asks before a decision on a stale analysis, in the `#stale-confirm`
 * dialog, "Back" focused so a stray Enter records nothing; resolves true
 * to record anyway.
 */
export function confirmStale(dialog, receivedMs, limitMinutes) {
  dialog.querySelector('#stale-text').textContent =
    `This analysis arrived ${spanWords(Date.now() - receivedMs)} ago, past the ${limitMinutes} min limit. ` +
    'The situation may have changed since. The decision will record that you chose to decide on it.';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'record'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    dialog.querySelector('#stale-no').focus();
  });
}
