// Wires the window together: the environment, the session, the prompt,
// the controls and the dialogs, around the run view (runview.js), which
// holds the run on screen. Talks to the console only through ipc.js.

import { wireAbout } from './about.js';
import { confirmSend } from './confirm.js';
import { showCredentials } from './credentials.js';
import { clear, copyText, el } from './dom.js';
import { environmentManager } from './environments.js';
import { showError } from './errors.js';
import { handoverView } from './handover/dialog.js';
import { checkEnvironment } from './health.js';
import { historyView } from './history.js';
import * as ipc from './ipc.js';
import { wireLinks } from './links.js';
import { showProblems } from './notices.js';
import { counter, ruleBroken } from './prompt.js';
import { reviewer } from './review.js';
import { cancelRun, currentRun, inFlight, lastPrompt, shownReview, startRun, wireRunView } from './runview.js';
import { claimsView, sendDespiteClaims } from './team/claims.js';
import { teamStatusItem } from './team/status.js';
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
  claimConfirm: $('claim-confirm'),
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
  staleConfirm: $('stale-confirm'),
  chainWarning: $('chain-warning'),
};

const manager = environmentManager($('env-manager'), (list, selectId, renamed) => applyList(list, selectId, renamed));

const state = {
  environments: [],
  environment: null,
  session: null,
  // True until the last place has been brought back: nothing is saved
  // before, or opening the window would overwrite where the user was.
  restoring: true,
  // True while a prompt is being checked against other desks' claims, so a second Ctrl+Enter sends nothing.
  checking: false,
};

wireRunView(ui, $('status'), {
  session: () => state.session,
  setSession,
  environmentName: () => state.environment?.name ?? '',
  running: setRunning,
  savePlace,
  resend: (prompt) => send(prompt),
});

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
    const run = shownReview()?.run.uid ?? currentRun()?.uid ?? currentRun()?.runId ?? null;
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
    if (event.key === 'Escape' && inFlight()) cancelRun();
  });
  ui.send.addEventListener('click', () => send(ui.prompt.value));
  ui.cancel.addEventListener('click', cancelRun);
  ui.again.addEventListener('click', () => lastPrompt() && send(lastPrompt()));
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
  ui.reviewReplay.addEventListener('click', () => shownReview() && review.replay(shownReview().run.uid));
  ui.reviewContinue.addEventListener('click', () => shownReview() && review.continueSession(shownReview().session));
  ui.reviewClose.addEventListener('click', review.close);
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
  ui.sessionId.toggleAttribute('data-none', !id);
  ui.copySession.hidden = !id;
  ui.newSession.hidden = !id;
  ui.sessionHint.textContent = id
    ? 'Follow-up prompts continue this session on the server.'
    : 'The first prompt starts a server session; follow-ups continue it.';
}

/** Sends `prompt` as a new run, once the rules and the user agree. */
async function send(prompt) {
  if (inFlight() || ruleBroken(prompt) !== null || !state.environment || ui.confirm.open || state.checking) return;
  // From the click until the run begins (the claims asked about, the
  // environment confirmed), the page says a send is under way, so nothing
  // reads the previous run's end as this one's.
  state.checking = true;
  document.body.dataset.running = 'checking';
  let going = false;
  try {
    if (!(await sendDespiteClaims(ui.claimConfirm, prompt, () => teamStatus.refresh()))) return;
    if (!(await confirmSend(ui.confirm, state.environment, prompt))) return;
    going = true;
  } finally {
    state.checking = false;
    if (!going) document.body.dataset.running = 'false';
  }
  const scenario = state.environment.kind === 'training_simulator' ? ui.scenario.value : null;
  const request = {
    environment_id: state.environment.id,
    prompt,
    session_id: state.session,
    scenario: scenario === 'ok' ? null : scenario,
  };
  await startRun(request, prompt);
}

/** Locks what must not change while a run streams, and frees it after. */
function setRunning(running) {
  ui.cancel.hidden = !running;
  ui.again.hidden = running || lastPrompt() === null;
  ui.prompt.readOnly = running;
  ui.envSelect.disabled = running;
  ui.envManage.disabled = running;
  ui.historyOpen.disabled = running;
  ui.reviewReplay.disabled = running;
  ui.scenario.disabled = running;
  document.body.dataset.running = String(running);
  updatePrompt();
  if (!running) teamStatus.refresh();
  if (running) ui.cancel.focus();
}

const review = reviewer({ ui, state, selectEnvironment, setSession, savePlace });

const historyDialog = historyView($('history'), {
  open: (uid) => review.open(uid),
  replay: (uid) => review.replay(uid),
  continueSession: (session) => review.continueSession(session),
  environmentNames: () => state.environments.map((e) => e.name),
});

wireLinks($('link-confirm'), (error) => showError(ui.error, error));
wireTheme($('theme'));
wireAbout($('about'), $('about-open'));
handoverView($('handover'), $('handover-open'));
const teamStatus = teamStatusItem($('team-status'));
claimsView($('claims'), $('claims-open'), () => teamStatus.refresh());

/** The page's background as `[red, green, blue]`, or null. */
function pageBackground() {
  const channels = getComputedStyle(document.body).backgroundColor.match(/\d+/g)?.slice(0, 3).map(Number);
  return channels?.length === 3 ? channels : null;
}

// The window opens hidden and is shown with its first screen built, error
// or not, in the page's background until WebKit's first frame (the console
// also shows it after a few seconds without word).
init().finally(() => ipc.firstScreenReady(pageBackground()).catch(() => {}));
