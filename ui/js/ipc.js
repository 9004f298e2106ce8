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
