// The run on screen. The main view shows one run at a time: sent from the
// prompt, opened from the history or replayed. Whichever it is, its
// messages go through `apply`, so a stored run looks exactly as it did
// live. This module holds that run and the last live prompt, begins,
// finishes and cancels runs, and draws them (the raw events, warnings,
// analysis, ids, status line, and the banner over a stored run). main.js
// wires the page around it and review.js brings stored runs to it; the
// environment and the session stay the page's, reached through the hooks
// given to `wireRunView`.

import { renderAnalysis, renderPartials } from './analysis.js';
import { decisionPanel } from './decisions/panel.js';
import { dropSlot, fillSlot, rehearseSlot, reserveSlot } from './decisions/slot.js';
import { append, clear, el, num } from './dom.js';
import { errorTitle, hideError, showError } from './errors.js';
import { renderEvents } from './events.js';
import {
  analysisStarted,
  recordBuilt,
  recordFirst,
  recordLaidOut,
  recordOptionsIn,
  recordPartial,
  recordWhole,
  timed,
} from './figures.js';
import * as ipc from './ipc.js';
import { announce } from './notices.js';
import { notifyIfAway } from './notify.js';
import { RunModel } from './run.js';
import { runTime, StatusLine } from './status.js';
import { otherDesk, recordedLine } from './team/desk.js';
import { warmedByAnalysis, warmUpWhileWaiting } from './warmup.js';
import { zuluAndLocal } from './when.js';

/** The page, as `wireRunView` was given it. */
let ui = null;
let status = null;
let page = null;

const shown = {
  // The run in the view (live, stored or replayed), a RunModel.
  run: null,
  // The stored run on screen, when the view shows the history.
  review: null,
  // The last prompt sent from this window, for "Send again".
  lastPrompt: null,
  // The session's last complete analysis, to show what a follow-up changed.
  previous: null,
};

/**
 * Gives the run view its page, once, before any run: `elements` is the
 * window's `ui` (the view's own nodes: events, error, warnings, analysis,
 * ids, requestId, statusSession, review, reviewText, announce,
 * announceUrgent and staleConfirm), `statusRoot` the status line, and `hooks` what belongs
 * to the page: `session()` and `setSession(id)`, `environmentName()`,
 * `running(bool)` when a run starts or ends, and `savePlace()`.
 */
export function wireRunView(elements, statusRoot, hooks) {
  ui = elements;
  status = new StatusLine(statusRoot);
  page = hooks;
}

/** The run in the view, or null. */
export function currentRun() {
  return shown.run;
}

/** The stored run on screen (`{ session, run, messages }`), or null. */
export function shownReview() {
  return shown.review;
}

export function lastPrompt() {
  return shown.lastPrompt;
}

/** True while the run in the view has not finished. */
export function inFlight() {
  return shown.run !== null && shown.run.finished === null;
}

// Refusals the user can mend outside the console (`aws sso login`, renewed keys): the error
// offers to send the prompt again, as a fresh run through the page's own send (its rules and
// confirmation); nothing was sent the first time.
const MENDED_OUTSIDE = {
  sso_login_needed: "I've signed in: send again",
  credentials_expiring: "I've renewed them: send again",
};

/** Sends `request` as a new live run, the prompt it carries being `prompt`. */
export async function startRun(request, prompt) {
  const run = new RunModel();
  shown.run = run;
  shown.lastPrompt = prompt;
  shown.review = null;
  ui.review.hidden = true;
  resetView();
  status.show('connecting');
  status.startClock();
  page.running(true);
  try {
    const started = await ipc.startAnalysis(request, (message) => apply(run, message));
    run.runId = started.run_id;
    warmUpWhileWaiting(ui.analysis);
    // The decision panel's place, measured while the agents work (not for
    // a run its messages already ended).
    if (!run.analysis && run.finished === null) run.slotMeasure = rehearseSlot(ui.analysis, liveRunNamed());
  } catch (error) {
    // Refused before anything was sent.
    run.finished = { ok: false, error };
    status.stopClock();
    status.show('failed', 'Nothing was sent.');
    const label = MENDED_OUTSIDE[error?.kind];
    showError(ui.error, error, label && page.resend ? { label, run: () => page.resend(prompt) } : null);
    page.running(false);
  }
}

/** Asks the console to stop the run in flight. */
export async function cancelRun() {
  const run = shown.run;
  if (!run || run.finished !== null || run.runId === null) return;
  try {
    await ipc.cancelAnalysis(run.runId);
  } catch (error) {
    showError(ui.error, error);
  }
}

/** Shows a stored run whole, its messages applied as they were live. */
export function showStored(stored) {
  const run = beginStored(stored);
  for (const message of stored.messages) apply(run, message);
  // Its own time as recorded, not what the clock last showed for another run.
  status.showTime(num(run.finished?.total_ms));
  if (run.finished === null) {
    dropSlot(ui.analysis);
    status.show(run.state, 'Still streaming when it was stored.');
  }
}

/** Plays a stored run back through a channel at `speed` (1 is the recorded pace). */
export async function replayStored(stored, speed) {
  const run = beginStored(stored, speed);
  status.show('connecting', `Replaying at ${speed === 1 ? 'the recorded pace' : `${speed}× the recorded pace`}.`);
  status.startClock();
  page.running(true);
  try {
    const started = await ipc.replayRun(stored.run.uid, speed, (message) => apply(run, message));
    run.runId = started.run_id;
    warmUpWhileWaiting(ui.analysis);
  } catch (error) {
    run.finished = { ok: false, error };
    status.stopClock();
    showError(ui.error, error);
    page.running(false);
  }
}

/** Takes the history's banner away; the run stays on screen. */
export function closeReview() {
  shown.review = null;
  ui.review.hidden = true;
}

/** Clears the view for a stored run and says where it comes from. */
function beginStored(stored, speed = null) {
  const run = new RunModel();
  run.stored = true;
  run.uid = stored.run.uid;
  shown.run = run;
  shown.review = stored;
  resetView();
  const r = stored.run;
  ui.reviewText.replaceChildren(
    // Spread and filtered: `replaceChildren` writes a null (this desk's own run) as "null".
    ...[recordedLine(r)].filter(Boolean),
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

function resetView() {
  ui.events.hidden = true;
  ui.events.replaceChildren();
  hideError(ui.error);
  ui.warnings.hidden = true;
  clear(ui.warnings);
  clear(ui.analysis);
  // An analysis dropped before it was whole leaves its height behind.
  ui.analysis.style.removeProperty('min-height');
  ui.ids.hidden = true;
  delete document.body.dataset.analysisWhole;
}

/** One message of `run`: the model takes it in, the view shows what changed. */
function apply(run, message) {
  if (run !== shown.run) return;
  const changed = run.accept(message);
  if (message.kind === 'event') renderEvents(ui.events, run.events);
  if (changed === 'analysis') {
    showAnalysis(run);
  } else if (changed === 'partial') {
    recordPartial(timed(() => renderPartials(ui.analysis, run.partials), ui.analysis));
  } else if (changed === 'warnings') {
    ui.warnings.hidden = false;
    append(ui.warnings, el('p', { text: `Warning: ${run.warnings.at(-1)}` }));
  }
  if (changed === 'state' && run.state === 'waiting') {
    if (run.sessionId && !run.stored) page.setSession(run.sessionId);
    announce(ui, 'The server accepted the analysis. The agents are working; nothing arrives until they finish.');
    ui.analysis.replaceChildren(
      el('p', {
        class: 'placeholder',
        text: 'The analysis will appear here as soon as the server sends it. Nothing arrives while the agents work.',
      }),
    );
  }
  if (run.requestId) {
    ui.ids.hidden = false;
    ui.requestId.textContent = run.requestId;
    ui.statusSession.textContent = run.sessionId ?? '—';
  }
  if (message.kind === 'finished') finish(run);
  else if (changed === 'state' || changed === 'analysis') status.show(run.state, receivingWords(run));
}

function receivingWords(run) {
  return run.state === 'receiving' ? `${run.chunks} chunk${run.chunks === 1 ? '' : 's'} received.` : undefined;
}

function showAnalysis(run) {
  const arrived = Date.now();
  const started = performance.now();
  const previous =
    !run.stored && shown.previous && shown.previous.session === page.session() ? shown.previous.doc : null;
  const view = ui.analysis;
  // A tall view keeps its height until every section is laid out (their
  // heights are guesses until then), so the page does not jump under the
  // reader as a chunk lands.
  view.style.setProperty('min-height', `${view.offsetHeight}px`);
  const width = view.clientWidth;
  analysisStarted();
  renderAnalysis(view, run.analysis, previous, {
    painted: () => recordFirst(run.lastChunkReceivedAt, arrived, performance.now() - started),
    optionsIn: () => recordOptionsIn(run.lastChunkReceivedAt, view),
    wholePainted: () => recordWhole(run.lastChunkReceivedAt, arrived, performance.now() - started),
    laidOut: () => {
      view.style.removeProperty('min-height');
      recordLaidOut(run.lastChunkReceivedAt, arrived, performance.now() - started);
    },
    whole: (error) => {
      // A section that could not be drawn is a fault of the window: said, not hidden.
      if (error) {
        showError(ui.error, {
          kind: 'internal',
          message:
            `Part of this analysis could not be drawn (${String(error.message ?? error)}): the sections ` +
            'below the last one shown are missing. Raw events holds everything the server sent. ' +
            "Send the console's diagnostics to support.",
          detail: String(error.stack ?? error),
        });
        throw error;
      }
    },
  });
  reserveSlot(view, width, run.slotMeasure);
  recordBuilt(performance.now() - started);
  warmedByAnalysis();
}

function finish(run) {
  status.stopClock();
  const f = run.finished;
  // The waiting line promised an analysis; a run that ends without one
  // must not leave that promise on screen.
  ui.analysis.querySelector('.placeholder')?.remove();
  // Only a complete analysis is decided on: the place kept for its panel goes.
  if (!f.ok || !run.analysis) dropSlot(ui.analysis);
  if (f.session_id && !run.stored) page.setSession(f.session_id);
  if (f.ok) {
    if (!run.stored && run.analysis) shown.previous = { session: f.session_id ?? page.session(), doc: run.analysis };
    announce(ui, `Analysis complete. ${run.analysis ? 'The decision is shown first.' : 'It carried no decision.'}`);
    const server = f.execution_time_ms === null ? '' : ` Server time ${runTime(f.execution_time_ms)}.`;
    status.show('complete', `${run.chunks} chunk${run.chunks === 1 ? '' : 's'} received.${server}`);
    if (run.analysis) showDecisions(run);
  } else {
    if (run.state === 'cancelled') {
      status.show('cancelled');
    } else {
      const still = f.error?.may_still_be_running ? ' The analysis may still be running on the server.' : '';
      status.show(run.state, `${errorTitle(f.error)}.${still} Details below.`);
      announce(ui, `Analysis ${run.state}: ${errorTitle(f.error)}.`, true);
      showError(ui.error, f.error);
    }
  }
  if (run.gaps.length) {
    ui.warnings.hidden = false;
    append(
      ui.warnings,
      el('p', { text: `Warning: ${run.gaps.length} message(s) arrived out of order; the view may be incomplete.` }),
    );
  }
  document.body.dataset.lastRun = run.state;
  notifyIfAway(run, page.environmentName(), shown.lastPrompt ?? '');
  page.running(false);
  if (!run.stored) page.savePlace();
}

/**
 * The duty manager's decision panel, under the arbitrator's decision, for
 * a complete analysis: a live run's id is its history uid, a stored or
 * replayed run carries the uid it was opened by.
 */
function showDecisions(run) {
  const uid = run.stored ? run.uid : run.runId;
  if (!uid) {
    dropSlot(ui.analysis);
    return;
  }
  // The run decided on, named in the panel as this view shows it (the history's banner, or what was sent).
  const named = run.stored
    ? { prompt: shown.review?.run?.prompt ?? null, environment: shown.review?.session?.environment ?? null }
    : liveRunNamed();
  // Another desk's run is decided on that desk: its decisions are shown here, read-only.
  const desk = run.stored ? otherDesk(shown.review?.run) : null;
  fillSlot(ui.analysis, (onDrawn) =>
    decisionPanel(uid, { ui, staleDialog: ui.staleConfirm, run: named, desk, onDrawn }),
  );
}

/** The live run as its decision panel names it: what was sent, and where. */
function liveRunNamed() {
  return { prompt: shown.lastPrompt, environment: page.environmentName() || null };
}
