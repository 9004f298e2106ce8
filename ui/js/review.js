// Past runs in the main view: a run opened from the history is fed,
// message by message, through the live view's own path, so it looks
// exactly as it did; a replay streams through a channel like a live run;
// a past session can be continued; and the console reopens where the user
// left it. A banner always says that what is shown comes from the history.

import { el } from './dom.js';
import { showError } from './errors.js';
import * as ipc from './ipc.js';
import { RunModel } from './run.js';
import { zuluAndLocal } from './when.js';

/**
 * `ctx` is the window's: `ui`, `state`, `status`, and its `onMessage`,
 * `setRunning`, `selectEnvironment`, `setSession`, `resetView`, `inFlight`
 * and `savePlace`.
 */
export function reviewer(ctx) {
  const { ui, state, status, onMessage, setRunning, selectEnvironment, setSession, resetView, inFlight, savePlace } =
    ctx;

  /** Brings back the environment, session and run the user last had. */
  async function restorePlace() {
    let place = {};
    try {
      place = (await ipc.historyStatus()).place;
    } catch {
      // No history: nothing to bring back.
    }
    if (state.environments.some((e) => e.id === place.environment_id)) selectEnvironment(place.environment_id);
    if (place.session_id) setSession(place.session_id);
    state.restoring = false;
    if (place.run_uid) await open(place.run_uid, true);
  }

  /** Shows a past run from the history, through the live view's own path. */
  async function open(uid, quiet = false) {
    if (inFlight()) return;
    let stored;
    try {
      stored = await ipc.openRun(uid);
    } catch (error) {
      if (!quiet) showError(ui.error, error);
      return;
    }
    const run = beginView(stored);
    for (const message of stored.messages) onMessage(run, message);
    if (run.finished === null) status.show(run.state, 'Still streaming when it was stored.');
    savePlace();
  }

  /** Plays a past run back at the chosen pace, as it arrived. */
  async function replay(uid) {
    if (inFlight()) return;
    let stored;
    try {
      stored = await ipc.openRun(uid);
    } catch (error) {
      showError(ui.error, error);
      return;
    }
    const speed = Number(ui.reviewSpeed.value);
    const run = beginView(stored, speed);
    status.show('connecting', `Replaying at ${speed === 1 ? 'the recorded pace' : `${speed}× the recorded pace`}.`);
    status.startClock();
    setRunning(true);
    try {
      const started = await ipc.replayRun(uid, speed, (message) => onMessage(run, message));
      run.runId = started.run_id;
    } catch (error) {
      run.finished = { ok: false, error };
      status.stopClock();
      showError(ui.error, error);
      setRunning(false);
    }
  }

  /** Clears the view for a stored run and says where it comes from. */
  function beginView(stored, speed = null) {
    const run = new RunModel();
    run.stored = true;
    run.uid = stored.run.uid;
    state.run = run;
    state.review = stored;
    resetView();
    const r = stored.run;
    ui.reviewText.replaceChildren(
      el('strong', {
        text: speed === null ? 'From the history' : `Replay (${speed === 1 ? 'recorded pace' : `${speed}×`})`,
      }),
      ` · ${zuluAndLocal(r.started_ms)} · ${stored.session.environment} · ${r.status}. ` +
        "Shown from this computer's history; nothing is sent.",
      el('span', { class: 'review-prompt', text: r.prompt }),
    );
    ui.review.hidden = false;
    return run;
  }

  /** Continues a past session: its environment, its server session id. */
  function continueSession(session) {
    const env = state.environments.find((e) => e.name === session.environment);
    if (!env) {
      showError(ui.error, {
        kind: 'not_found',
        message:
          `The environment “${session.environment}” is no longer configured, ` +
          'so this session can be reviewed but not continued. Add it again under Environments…',
        detail: '',
      });
      return;
    }
    if (!session.server_session_id) {
      showError(ui.error, {
        kind: 'not_found',
        message:
          'The server never assigned this session an id (its first run failed before starting), ' +
          'so there is nothing to continue. Send a new prompt instead.',
        detail: '',
      });
      return;
    }
    selectEnvironment(env.id);
    setSession(session.server_session_id);
    close();
    ui.prompt.focus();
  }

  function close() {
    state.review = null;
    ui.review.hidden = true;
    savePlace();
  }

  return { open, replay, continueSession, close, restorePlace };
}
