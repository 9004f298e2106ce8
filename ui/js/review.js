// Past runs in the main view: a run opened from the history is handed to
// the run view (runview.js), which feeds it message by message through the
// live view's own path, so it looks exactly as it did; a replay streams
// through a channel like a live run; a past session can be continued; and
// the console reopens where the user left it. A banner always says that
// what is shown comes from the history.

import { showChain } from './chain.js';
import { showError } from './errors.js';
import * as ipc from './ipc.js';
import { closeReview, inFlight, replayStored, showStored } from './runview.js';

/**
 * `ctx` is the page's: `ui`, `state` (the environments, and `restoring`
 * until the place is back), `selectEnvironment`, `setSession` and
 * `savePlace`.
 */
export function reviewer(ctx) {
  const { ui, state, selectEnvironment, setSession, savePlace } = ctx;

  /** Brings back the environment, session and run the user last had. */
  async function restorePlace() {
    let place = {};
    try {
      const status = await ipc.historyStatus();
      place = status.place;
      showChain(ui.chainWarning, status.chain);
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
    showStored(stored);
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
    await replayStored(stored, Number(ui.reviewSpeed.value));
  }

  /** Continues a past session: its environment, its server session id. */
  function continueSession(session) {
    if (session.desk) {
      showError(ui.error, {
        kind: 'validation',
        message:
          `This session was recorded on desk ${session.desk}, and it is continued there. ` +
          'Send a new prompt to start a session of your own.',
        detail: '',
      });
      return;
    }
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
    closeReview();
    savePlace();
  }

  return { open, replay, continueSession, close, restorePlace };
}
