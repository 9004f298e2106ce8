// The one module that talks to Tauri. Everything else in the UI is plain
// DOM code and receives plain objects from here.

const tauri = window.__TAURI__;

/**
 * Calls a command. The console's commands reject with `{kind, message,
 * detail}`; Tauri itself rejects with a bare string (a command the
 * capability does not grant, arguments it cannot read), which becomes the
 * `internal` kind so the window always has a kind and a message to show.
 */
function invoke(command, args) {
  return tauri.core.invoke(command, args).catch((error) => {
    if (error !== null && typeof error === 'object' && typeof error.kind === 'string') throw error;
    throw {
      kind: 'internal',
      message:
        `The console could not run ${command}: ${String(error)}. ` +
        'Restart it; if this happens again, send its diagnostics to support.',
      detail: String(error),
    };
  });
}

/** The environments the console knows (never with secrets). */
export function environments() {
  return invoke('environments');
}

/**
 * Starts an analysis. `onMessage` receives every message of the run, in
 * order, the last of kind `finished`. Resolves with `{run_id}`, or rejects
 * with `{kind, message, detail}` when the request is refused before sending.
 */
export function startAnalysis(request, onMessage) {
  const channel = new tauri.core.Channel();
  channel.onmessage = onMessage;
  return invoke('start_analysis', { request, channel });
}

/** Cancels a run in flight. */
export function cancelAnalysis(runId) {
  return invoke('cancel_analysis', { runId });
}

/** Which credentials of an environment are set (never their values). */
export function credentialStatus(environmentId) {
  return invoke('credential_status', { environmentId });
}

/** Stores a secret in the OS keyring; resolves with the new status. */
export function setCredential(environmentId, kind, secret) {
  return invoke('set_credential', { environmentId, kind, secret });
}

/** Removes a secret from the OS keyring; resolves with the new status. */
export function clearCredential(environmentId, kind) {
  return invoke('clear_credential', { environmentId, kind });
}

/** Saves an environment (over `originalId`, or new); resolves with `{list, id, notice}`. */
export function saveEnvironment(originalId, draft) {
  return invoke('save_environment', { originalId, draft });
}

/** Removes an environment and its credentials; resolves with `{list, id, notice}`. */
export function removeEnvironment(id) {
  return invoke('remove_environment', { id });
}

/** Adds the environments of an exported file; resolves with `{added, list}`. */
export function importEnvironments(text) {
  return invoke('import_environments', { text });
}

/** The environments `ids` as a file to share (never with a secret). */
export function exportEnvironments(ids) {
  return invoke('export_environments', { ids });
}

/** Checks an environment without sending an analysis. */
export function checkEnvironment(id) {
  return invoke('check_environment', { id });
}

/**
 * The profiles in the user's AWS config files, as `[{ name, kind }]` (kind: sso, process,
 * assume_role, profile_static, or null); never a value from the files.
 */
export function awsProfiles() {
  return invoke('aws_profiles');
}

/** Whether there is a history, its retention, and where the user was. */
export function historyStatus() {
  return invoke('history_status');
}

/** Sessions, or the runs matching `query.text`; `query` narrows. */
export function history(query) {
  return invoke('history', { query });
}

/** One session and its runs. */
export function historySession(id) {
  return invoke('history_session', { id });
}

/** A past run and the messages the window received, from the history alone. */
export function openRun(uid) {
  return invoke('open_run', { uid });
}

/** Plays a past run back through `onMessage`, like a live run; resolves with `{run_id}`. */
export function replayRun(uid, speed, onMessage) {
  const channel = new tauri.core.Channel();
  channel.onmessage = onMessage;
  return invoke('replay_run', { uid, speed, channel });
}

/** Deletes a session with every run and event in it. */
export function deleteSession(id) {
  return invoke('delete_session', { id });
}

/** Saves a session or a run (`json` or `markdown`) in the export folder; resolves with `{path}`. */
export function saveExport(session, run, format) {
  return invoke('save_export', { session, run, format });
}

/** A session or a run's report as Markdown text, to copy. */
export function reportText(session, run) {
  return invoke('report_text', { session, run });
}

/** Adds an exported session; resolves with `{session, added, skipped}`. */
export function importHistory(text) {
  return invoke('import_history', { text });
}

/** Sets how many days sessions are kept (`null`: for ever); resolves with how many went. */
export function setRetention(days) {
  return invoke('set_retention', { days });
}

/** Remembers where the user is. */
export function setPlace(place) {
  return invoke('set_place', { place });
}

/**
 * What the decision dialog needs for a run: `{run_uid, complete, incomplete_reason, analysis_received_ms,
 * analysis_sha256, stale_after_minutes, later_analysis_run_uid, recommended_solution_id, options, safety_constraints,
 * decisions, operator}`.
 */
export function decisionContext(runUid) {
  return invoke('decision_context', { runUid });
}

/**
 * Records a decision; `request` keys are snake_case (run_uid, action, solution_id, modification, rationale,
 * safety_acknowledged, stale_confirmed, supersedes). Resolves with the decision as recorded (with seq, hash).
 */
export function recordDecision(request) {
  return invoke('record_decision', { request });
}

/** The operator name (string), or null when it was never set. */
export function operator() {
  return invoke('operator');
}

/** Sets the operator name put on decisions and handovers; resolves with null. */
export function setOperator(name) {
  return invoke('set_operator', { name });
}

/** Checks the history's chain: `{records, first_broken: null | {seq, uid, kind, created_ms, why, message}}`. */
export function verifyHistory() {
  return invoke('verify_history');
}

/** The handover as it would be created now (`sinceMs` null: since the last handover, else 12 hours). */
export function handoverDraft(sinceMs) {
  return invoke('handover_draft', { sinceMs });
}

/** Creates a handover with the outgoing duty manager's notes; resolves with the handover. */
export function createHandover(sinceMs, notes) {
  return invoke('create_handover', { sinceMs, notes });
}

/** Every handover, newest first. */
export function handovers() {
  return invoke('handovers');
}

/** One handover, with `added_notes` and `ack`. */
export function handover(uid) {
  return invoke('handover', { uid });
}

/** Adds a note to a handover; resolves with the handover. */
export function addHandoverNote(uid, text) {
  return invoke('add_handover_note', { uid, text });
}

/** The incoming duty manager acknowledges a handover; resolves with the handover. */
export function acknowledgeHandover(uid, by) {
  return invoke('acknowledge_handover', { uid, by });
}

/** Saves a handover (`pdf` or `markdown`) in the export folder; resolves with `{path}`. */
export function exportHandover(uid, format) {
  return invoke('export_handover', { uid, format });
}

/**
 * The team store for the status line: `{configured, desk, reachable, waiting, last_sync_ms, problem, claims}`
 * (`claims` as `claimsForPrompt` gives them); never rejects for the team store's own problems.
 */
export function teamStatus() {
  return invoke('team_status');
}

/**
 * The flights `prompt` names that another desk holds, as
 * `[{flight, desk, operator, since_ms, lease_until_ms, mine}]` (`operator` may be null); empty when none.
 */
export function claimsForPrompt(prompt) {
  return invoke('claims_for_prompt', { prompt });
}

/** Claims `flight` for this desk (`release` true: gives it up); resolves with who holds it now, as above. */
export function claimFlight(flight, release) {
  return invoke('claim_flight', { flight, release });
}

/** Opens an https link in the system browser (the console checks it again). */
export function openLink(url) {
  return invoke('open_link', { url });
}

/** A desktop notification (best effort). */
export function notify(title, body) {
  return invoke('notify', { title, body });
}

/**
 * Tells the console the first screen is built, so that it shows the window,
 * which opens hidden (shown at once, it flashed white before the page), in
 * the page's background colour `background` (`[red, green, blue]` or null).
 */
export function firstScreenReady(background) {
  return invoke('first_screen_ready', { background });
}

/** The console's version, build and where it keeps things. */
export function about() {
  return invoke('about');
}

/** The diagnostics text for a support ticket (never a secret). */
export function diagnostics() {
  return invoke('diagnostics');
}

/** Saves the diagnostics text in the export folder; resolves with its path. */
export function saveDiagnostics() {
  return invoke('save_diagnostics');
}
