// The team store on the header's status line: nothing when no team store
// is configured; the desk and the last sync when the store answers; in
// amber, how many of this desk's records wait to go when it does not (a
// duty manager keeps working either way, and needs to know the other desks
// do not see the latest yet). Read every 5 s and after each run.

import { list, num, obj, text } from '../dom.js';
import * as ipc from '../ipc.js';
import { utcClock } from '../when.js';

const EVERY_MS = 5_000;

/** `12 records waiting`, `1 record waiting`, `nothing waiting`. */
function waitingWords(n) {
  if (!n) return 'nothing waiting';
  return `${n} record${n === 1 ? '' : 's'} waiting`;
}

/**
 * The status item's words and look for a `TeamStatus`: `{state, text, title}` with state `off` (draw nothing),
 * `synced` or `unreachable`.
 */
export function statusWords(status, now = Date.now()) {
  const s = obj(status);
  if (!s?.configured) return { state: 'off', text: '', title: '' };
  const waiting = num(s.waiting) ?? 0;
  const problem = text(s.problem);
  if (!s.reachable) {
    return {
      state: 'unreachable',
      text: `Team store unreachable, ${waitingWords(waiting)}`,
      title:
        `${problem ?? 'The team store did not answer.'} ` +
        'This desk keeps working; its records go to the team store when it answers again, after a restart too.',
    };
  }
  const last = num(s.last_sync_ms);
  const parts = ['Team', text(s.desk), last === null ? 'not synced yet' : `synced ${utcClock(last, now)}`];
  if (waiting) parts.push(waitingWords(waiting));
  const held = list(s.claims).length;
  return {
    state: 'synced',
    text: parts.filter(Boolean).join(' · '),
    title:
      `The team store answers; this desk's records are shared with the other desks. ` +
      `${held ? `${held} flight${held === 1 ? ' is' : 's are'} claimed.` : 'No flight is claimed.'}`,
  };
}

/**
 * Keeps `root` (an empty inline element in the header) showing the team store, from now on; returns
 * `{refresh()}`, to read it again at once (after a run, after a claim check that failed).
 */
export function teamStatusItem(root) {
  let reading = null;
  const draw = (status) => {
    const words = statusWords(status);
    root.hidden = words.state === 'off';
    root.dataset.state = words.state;
    root.textContent = words.text;
    root.title = words.title;
  };
  const refresh = () => {
    reading ??= ipc
      .teamStatus()
      .then(draw)
      // A console that cannot say (a bug, not the team store's state) shows nothing rather than stale words.
      .catch(() => draw(null))
      .finally(() => {
        reading = null;
      });
    return reading;
  };
  draw(null);
  refresh();
  setInterval(refresh, EVERY_MS);
  return { refresh };
}
