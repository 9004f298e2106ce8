// A desktop notification when a long analysis ends while the duty manager
// is looking at something else: 60 to 300 seconds is long enough to switch
// windows, and the answer should not wait for them to come back.

import * as ipc from './ipc.js';

/** Runs shorter than this end while the user is still watching. */
export const LONG_RUN_MS = 15_000;

/** Notifies that `run` ended, when it was long and the window is not in front. */
export function notifyIfAway(run, environment, prompt) {
  const f = run.finished;
  if (!f || run.stored || f.total_ms < LONG_RUN_MS) return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const verdict = f.ok ? 'Analysis complete' : `Analysis ${run.state}`;
  const short = prompt.length > 90 ? `${prompt.slice(0, 89)}…` : prompt;
  ipc.notify(`SkyMarshal: ${verdict}`, `${environment}: ${short}`).catch(() => {});
}
