// Wires the window together: the environment, the prompt, the run in
// flight and the views. Talks to the console only through ipc.js.

import { wireAbout } from './about.js';
import { renderAnalysis, renderPartials } from './analysis.js';
import { confirmSend } from './confirm.js';
import { showCredentials } from './credentials.js';
import { append, clear, copyText, el } from './dom.js';
import { environmentManager } from './environments.js';
import { errorTitle, hideError, showError } from './errors.js';
import { renderEvents } from './events.js';
import { recordChunk, recordPartial, timed } from './figures.js';
import { checkEnvironment } from './health.js';
import { historyView } from './history.js';
import * as ipc from './ipc.js';
import { wireLinks } from './links.js';
import { announce, showProblems } from './notices.js';
import { notifyIfAway } from './notify.js';
import { counter, ruleBroken } from './prompt.js';
import { reviewer } from './review.js';
import { RunModel } from './run.js';
import { formatDuration, StatusLine } from './status.js';
import { wireTheme } from './theme.js';

const $ = (id) => document.getElementById(id);

const ui = {
  envBar: $('env-bar'),
  envBanner: $('env-banner'),
  envSelect: $('env-select'),
  prompt: $('prompt'),
  rule: $('prompt-rule'),
  count: $('prompt-count'),
  send: $('send'),
  cancel: $('cancel'),
  again: $('again'),
  sessionId: $('session-id'),
  sessionHint: $('session-hint'),
  copySession: $('copy-session'),
  newSession: $('new-session'),
  training: $('training'),
  scenario: $('scenario'),
  scenarioAbout: $('scenario-about'),
  ids: $('ids'),
  requestId: $('request-id'),
  statusSession: $('status-session'),
  copyRequest: $('copy-request'),
  error: $('error'),
  warnings: $('warnings'),
  analysis: $('analysis'),
  problems: $('env-problems'),
  confirm: $('confirm-send'),
  health: $('health'),
  envCheck: $('env-check'),
  envManage: $('env-manage'),
  historyOpen: $('history-open'),
  events: $('events'),
  announce: $('announce'),
  announceUrgent: $('announce-urgent'),
  review: $('review'),
  reviewText: $('review-text'),
  reviewSpeed: $('review-speed'),
  reviewReplay: $('review-replay'),
  reviewContinue: $('review-continue'),
  reviewClose: $('review-close'),
};

const manager = environmentManager($('env-manager'), (list, selectId, renamed) => applyList(list, selectId, renamed));

const status = new StatusLine($('status'));

const state = {
  environments: [],
  environment: null,
  session: null,
  run: null,
  lastPrompt: null,
  // The session's last complete analysis, to show what a follow-up changed.
  previous: null,
  // The stored run on screen, when the view shows the history.
  review: null,
  // True until the last place has been brought back: nothing is saved
  // before, or opening the window would overwrite where the user was.
  restoring: true,
};

async function init() {
  wireEvents();
  updatePrompt();
  let list;
  try {
    list = await ipc.environments();
  } catch (error) {
    showError(ui.error, error);
    return;
  }
  applyList(list, null);
  await review.restorePlace();
  document.body.dataset.ready = 'true';
}

/**
 * Remembers where the user is, so that the console reopens there. Calls
 * made by one handler (a run's end sets the session, then the run) are
 * written once, with the place as the handler left it.
 */
let placePending = false;
function savePlace() {
  if (state.restoring || placePending) return;
  placePending = true;
  queueMicrotask(() => {
    placePending = false;
    const run = state.review?.run.uid ?? state.run?.uid ?? state.run?.runId ?? null;
    ipc
      .setPlace({ environment_id: state.environment?.id ?? null, session_id: state.session, run_uid: run })
      .catch(() => {});
  });
}

/**
 * Shows a new environment list. The active environment stays active when
 * it still exists (or becomes `selectId`, after a save); a session belongs
 * to one environment, so it survives only when the environment does.
 */
function applyList(list, selectId, renamed = null) {
  state.environments = list.environments;
  clear(ui.envSelect);
  for (const env of state.environments) {
    const notes = [env.production ? 'production' : null, env.source === 'organisation' ? 'organisation' : null].filter(
      Boolean,
    );
    ui.envSelect.append(
      el('option', { value: env.id, text: notes.length ? `${env.name} (${notes.join(', ')})` : env.name }),
    );
  }
  showProblems(ui.problems, list.problems);
  const current = renamed && renamed.from === state.environment?.id ? renamed.to : state.environment?.id;
  const keep = selectId ?? (state.environments.some((e) => e.id === current) ? current : null);
  if (keep && keep === current) {
    const session = state.session;
    selectEnvironment(keep);
    setSession(session);
  } else {
    selectEnvironment(keep ?? state.environments[0]?.id);
  }
}

function selectEnvironment(id) {
  const env = state.environments.find((e) => e.id === id) ?? null;
  state.environment = env;
  if (!env) return;
  ui.envSelect.value = env.id;
  ui.envBar.dataset.kind = env.kind;
  ui.envBar.dataset.production = String(env.production);
  ui.envBar.style.setProperty('--env-color', env.color);
  const training = env.kind === 'training_simulator';
  ui.envBanner.title = training ? 'Canned analyses from a simulator on this computer' : env.invoke_url;
  ui.envBanner.replaceChildren(
    el('strong', { text: env.production ? `PRODUCTION · ${env.name}` : env.name.toUpperCase() }),
    training ? ' · not a real deployment' : ` · ${env.invoke_url}`,
  );
  ui.training.hidden = !training;
  ui.health.hidden = true;
  showCredentials($('credentials'), env);
  clear(ui.scenario);
  for (const scenario of env.scenarios) {
    ui.scenario.append(
      el('option', { value: scenario.name, text: scenario.name === 'ok' ? 'Normal analysis' : scenario.name }),
    );
  }
  updateScenarioAbout();
  // Sessions belong to one environment.
  setSession(null);
}

function updateScenarioAbout() {
  const scenario = state.environment?.scenarios.find((s) => s.name === ui.scenario.value);
  ui.scenarioAbout.textContent = scenario ? scenario.about : '';
}

function wireEvents() {
  ui.prompt.addEventListener('input', updatePrompt);
  ui.prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send(ui.prompt.value);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && inFlight()) cancel();
  });
  ui.send.addEventListener('click', () => send(ui.prompt.value));
  ui.cancel.addEventListener('click', cancel);
  ui.again.addEventListener('click', () => state.lastPrompt && send(state.lastPrompt));
  ui.newSession.addEventListener('click', () => setSession(null));
  ui.copySession.addEventListener('click', () => state.session && copyText(state.session));
  ui.copyRequest.addEventListener('click', () => copyText(ui.requestId.textContent));
  ui.envSelect.addEventListener('change', () => selectEnvironment(ui.envSelect.value));
  ui.scenario.addEventListener('change', updateScenarioAbout);
  ui.envCheck.addEventListener(
    'click',
    () =>
      state.environment &&
      checkEnvironment(
        ui.health,
        state.environment,
        (id) => state.environment?.id === id,
        (error) => {
          showError(ui.error, error);
          ui.health.hidden = true;
        },
      ),
  );
  ui.envManage.addEventListener('click', () => manager.open(state.environments));
  ui.historyOpen.addEventListener('click', () => historyDialog.open());
  document.addEventListener('keydown', (event) => {
    if (event.key === 'h' && (event.ctrlKey || event.metaKey) && !inFlight()) {
      event.preventDefault();
      historyDialog.open();
    }
  });
  ui.reviewReplay.addEventListener('click', () => state.review && review.replay(state.review.run.uid));
  ui.reviewContinue.addEventListener('click', () => state.review && review.continueSession(state.review.session));
  ui.reviewClose.addEventListener('click', review.close);
}

function resetView() {
  ui.events.hidden = true;
  ui.events.replaceChildren();
  hideError(ui.error);
  ui.warnings.hidden = true;
  clear(ui.warnings);
  clear(ui.analysis);
  ui.ids.hidden = true;
}

function inFlight() {
  return state.run !== null && state.run.finished === null;
}

function updatePrompt() {
  const value = ui.prompt.value;
  const broken = ruleBroken(value);
  ui.count.textContent = counter(value);
  ui.rule.textContent = broken ?? '';
  ui.count.dataset.invalid = String(broken !== null && value.length > 0);
  ui.send.disabled = broken !== null || inFlight() || !state.environment;
}

function setSession(id) {
  state.session = id;
  savePlace();
  ui.sessionId.textContent = id ?? 'new';
  ui.copySession.hidden = !id;
  ui.newSession.hidden = !id;
  ui.sessionHint.textContent = id
    ? 'Follow-up prompts continue this session on the server.'
    : 'The first prompt starts a server session; follow-ups continue it.';
}

async function send(prompt) {
  if (inFlight() || ruleBroken(prompt) !== null || !state.environment || ui.confirm.open) return;
  if (!(await confirmSend(ui.confirm, state.environment, prompt))) return;
  const run = new RunModel();
  state.run = run;
  state.lastPrompt = prompt;
  state.review = null;
  ui.review.hidden = true;
  resetView();
  status.show('connecting');
  status.startClock();
  setRunning(true);
  const scenario = state.environment.kind === 'training_simulator' ? ui.scenario.value : null;
  const request = {
    environment_id: state.environment.id,
    prompt,
    session_id: state.session,
    scenario: scenario === 'ok' ? null : scenario,
  };
  try {
    const started = await ipc.startAnalysis(request, (message) => onMessage(run, message));
    run.runId = started.run_id;
  } catch (error) {
    // Refused before anything was sent.
    run.finished = { ok: false, error };
    status.stopClock();
    status.show('failed', 'Nothing was sent.');
    showError(ui.error, error);
    setRunning(false);
  }
}

function onMessage(run, message) {
  if (run !== state.run) return;
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
    if (run.sessionId && !run.stored) setSession(run.sessionId);
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
  const previous =
    !run.stored && state.previous && state.previous.session === state.session ? state.previous.doc : null;
  const render = timed(() => {
    // A tall view keeps its height while it is rebuilt, so the page does
    // not jump under the reader as a chunk lands.
    ui.analysis.style.setProperty('min-height', `${ui.analysis.offsetHeight}px`);
    renderAnalysis(ui.analysis, run.analysis, previous);
    ui.analysis.style.removeProperty('min-height');
  }, ui.analysis);
  recordChunk(run.lastChunkReceivedAt, arrived, render);
}

function finish(run) {
  status.stopClock();
  const f = run.finished;
  // The waiting line promised an analysis; a run that ends without one
  // must not leave that promise on screen.
  ui.analysis.querySelector('.placeholder')?.remove();
  if (f.session_id && !run.stored) setSession(f.session_id);
  if (f.ok) {
    if (!run.stored && run.analysis) state.previous = { session: f.session_id ?? state.session, doc: run.analysis };
    announce(ui, `Analysis complete. ${run.analysis ? 'The decision is shown first.' : 'It carried no decision.'}`);
    const server = f.execution_time_ms === null ? '' : ` Server time ${serverTime(f.execution_time_ms)}.`;
    status.show('complete', `${run.chunks} chunk${run.chunks === 1 ? '' : 's'} received.${server}`);
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
  notifyIfAway(run, state.environment?.name ?? '', state.lastPrompt ?? '');
  setRunning(false);
  if (!run.stored) savePlace();
}

function serverTime(ms) {
  return ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(Math.round(ms / 1000));
}

function setRunning(running) {
  ui.cancel.hidden = !running;
  ui.again.hidden = running || state.lastPrompt === null;
  ui.prompt.readOnly = running;
  ui.envSelect.disabled = running;
  ui.envManage.disabled = running;
  ui.historyOpen.disabled = running;
  ui.reviewReplay.disabled = running;
  ui.scenario.disabled = running;
  document.body.dataset.running = String(running);
  updatePrompt();
  if (running) ui.cancel.focus();
}

async function cancel() {
  const run = state.run;
  if (!run || run.finished !== null || run.runId === null) return;
  try {
    await ipc.cancelAnalysis(run.runId);
  } catch (error) {
    showError(ui.error, error);
  }
}

const review = reviewer({
  ui,
  state,
  status,
  onMessage,
  setRunning,
  selectEnvironment,
  setSession,
  resetView,
  inFlight,
  savePlace,
});

const historyDialog = historyView($('history'), {
  open: (uid) => review.open(uid),
  replay: (uid) => review.replay(uid),
  continueSession: (session) => review.continueSession(session),
  environmentNames: () => state.environments.map((e) => e.name),
});

wireLinks($('link-confirm'), (error) => showError(ui.error, error));
wireTheme($('theme'));
wireAbout($('about'), $('about-open'));

init();
