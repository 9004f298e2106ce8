// An error in words a duty manager can act on, with the technical detail
// one click away. All text is set as text.

import { button, el } from './dom.js';

// One title for every kind of `UiErrorKind` (crates/app/src/error.rs);
// src-tauri/tests/error_titles.rs fails when a kind has none.
const TITLES = {
  auth: 'The service refused the request',
  wrong_endpoint: 'This environment does not point at the analysis service',
  validation: 'The request cannot be sent as it is',
  rate_limit: 'The service is busy',
  server: 'The analysis failed on the server',
  timeout: 'The analysis took too long',
  interrupted: 'The connection ended before the analysis finished',
  network: 'The service could not be reached',
  protocol: 'The server answered something unexpected',
  cancelled: 'Cancelled',
  blocked: 'Something in front of the service blocked the request',
  sso_login_needed: 'Sign in to AWS again',
  credentials_expiring: 'The AWS credentials expire too soon',
  credentials_unavailable: 'No AWS credentials',
  run_failed: 'The run failed',
  credential_missing: 'A credential is needed',
  no_keyring: 'No keyring on this computer',
  keyring_locked: 'The keyring is locked',
  keyring_timeout: 'The keyring did not answer',
  keyring_refused: 'The keyring refused the secret',
  keyring_failed: 'The keyring failed',
  environments: 'The environments file was not changed',
  simulator: 'The training simulator is not running',
  not_found: 'Nothing to act on',
  store_unavailable: 'The history cannot be opened',
  store: 'The history failed',
  import: 'The file cannot be imported',
  desktop: 'A desktop service failed',
  notification: 'No desktop notification',
  decision_refused: 'The decision was not recorded',
  operator_missing: 'Set the operator name first',
  handover_refused: 'The handover was not changed',
  chain_broken: 'The history has been altered',
  team_not_configured: 'No team store is configured',
  team_unreachable: 'The team store cannot be reached',
  team_schema: 'The team store needs an administrator',
  flight_claimed: 'Another desk holds this flight',
  briefing: 'The briefing could not be made',
  internal: 'The console failed inside',
};

/** A short title for an error kind, for the status line. */
export function errorTitle(error) {
  return TITLES[error?.kind] ?? 'Something went wrong';
}

/**
 * Renders `error` ({kind, message, detail, request_id}) into `root`; `action` ({label, run}),
 * when given, is a button that hides the error and runs it (send again once signed in).
 */
export function showError(root, error, action = null) {
  const title = errorTitle(error);
  const parts = [
    el('h3', { text: title }),
    el('p', { class: 'message', text: error?.message ?? 'No explanation was given.' }),
  ];
  if (error?.request_id) {
    parts.push(el('p', { class: 'request' }, 'Request id ', el('code', { text: error.request_id })));
  }
  if (action) {
    parts.push(
      el(
        'p',
        {},
        button(
          action.label,
          () => {
            hideError(root);
            action.run();
          },
          { id: 'error-action' },
        ),
      ),
    );
  }
  if (error?.detail) {
    parts.push(el('details', {}, el('summary', { text: 'Technical detail' }), el('pre', { text: error.detail })));
  }
  root.replaceChildren(...parts);
  root.dataset.kind = error?.kind ?? 'unknown';
  root.hidden = false;
}

export function hideError(root) {
  root.hidden = true;
  root.replaceChildren();
}
