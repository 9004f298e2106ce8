// The one module that talks to Tauri. Everything else in the UI is plain
// DOM code and receives plain objects from here.

const tauri = window.__TAURI__;

/** The environments the console knows (never with secrets). */
export function environments() {
  return tauri.core.invoke('environments');
}

/**
 * Starts an analysis. `onMessage` receives every message of the run, in
 * order, the last of kind `finished`. Resolves with `{run_id}`, or rejects
 * with `{kind, message, detail}` when the request is refused before sending.
 */
export function startAnalysis(request, onMessage) {
  const channel = new tauri.core.Channel();
  channel.onmessage = onMessage;
  return tauri.core.invoke('start_analysis', { request, channel });
}

/** Cancels a run in flight. */
export function cancelAnalysis(runId) {
  return tauri.core.invoke('cancel_analysis', { runId });
}

/** Which credentials of an environment are set (never their values). */
export function credentialStatus(environmentId) {
  return tauri.core.invoke('credential_status', { environmentId });
}

/** Stores a secret in the OS keyring; resolves with the new status. */
export function setCredential(environmentId, kind, secret) {
  return tauri.core.invoke('set_credential', { environmentId, kind, secret });
}

/** Removes a secret from the OS keyring; resolves with the new status. */
export function clearCredential(environmentId, kind) {
  return tauri.core.invoke('clear_credential', { environmentId, kind });
}

/** Saves an environment (over `originalId`, or new); resolves with `{list, id, notice}`. */
export function saveEnvironment(originalId, draft) {
  return tauri.core.invoke('save_environment', { originalId, draft });
}

/** Removes an environment and its credentials; resolves with `{list, id, notice}`. */
export function removeEnvironment(id) {
  return tauri.core.invoke('remove_environment', { id });
}

/** Adds the environments of an exported file; resolves with `{added, list}`. */
export function importEnvironments(text) {
  return tauri.core.invoke('import_environments', { text });
}

/** The environments `ids` as a file to share (never with a secret). */
export function exportEnvironments(ids) {
  return tauri.core.invoke('export_environments', { ids });
}

/** Checks an environment without sending an analysis. */
export function checkEnvironment(id) {
  return tauri.core.invoke('check_environment', { id });
}

/** Whether there is a history, its retention, and where the user was. */
export function historyStatus() {
  return tauri.core.invoke('history_status');
}

/** Sessions, or the runs matching `query.text`; `query` narrows. */
export function history(query) {
  return tauri.core.invoke('history', { query });
}

/** One session and its runs. */
export function historySession(id) {
  return tauri.core.invoke('history_session', { id });
}

/** A past run and the messages the window received, from the history alone. */
export function openRun(uid) {
  return tauri.core.invoke('open_run', { uid });
}

/** Plays a past run back through `onMessage`, like a live run; resolves with `{run_id}`. */
export function replayRun(uid, speed, onMessage) {
  const channel = new tauri.core.Channel();
  channel.onmessage = onMessage;
  return tauri.core.invoke('replay_run', { uid, speed, channel });
}

/** Deletes a session with every run and event in it. */
export function deleteSession(id) {
  return tauri.core.invoke('delete_session', { id });
}

/** Saves a session or a run (`json` or `markdown`) in the export folder; resolves with `{path}`. */
export function saveExport(session, run, format) {
  return tauri.core.invoke('save_export', { session, run, format });
}

/** A session or a run's report as Markdown text, to copy. */
export function reportText(session, run) {
  return tauri.core.invoke('report_text', { session, run });
}

/** Adds an exported session; resolves with `{session, added, skipped}`. */
export function importHistory(text) {
  return tauri.core.invoke('import_history', { text });
}

/** Sets how many days sessions are kept (`null`: for ever); resolves with how many went. */
export function setRetention(days) {
  return tauri.core.invoke('set_retention', { days });
}

/** Remembers where the user is. */
export function setPlace(place) {
  return tauri.core.invoke('set_place', { place });
}

/** Opens an https link in the system browser (the console checks it again). */
export function openLink(url) {
  return tauri.core.invoke('open_link', { url });
}

/** A desktop notification (best effort). */
export function notify(title, body) {
  return tauri.core.invoke('notify', { title, body });
}

/** The console's version, build and where it keeps things. */
export function about() {
  return tauri.core.invoke('about');
}

/** The diagnostics text for a support ticket (never a secret). */
export function diagnostics() {
  return tauri.core.invoke('diagnostics');
}

/** Saves the diagnostics text in the export folder; resolves with its path. */
export function saveDiagnostics() {
  return tauri.core.invoke('save_diagnostics');
}
