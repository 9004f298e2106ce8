// The health of an environment, as the console's pre-flight check found
// it: one line per step (resolve, connect, TLS, health URL, credential)
// with its outcome and timing. Every string is set as text.

import { el } from './dom.js';
import * as ipc from './ipc.js';

const STEPS = {
  resolve: 'DNS',
  connect: 'Connection',
  tls: 'TLS',
  health: 'Health URL',
  credentials: 'Credential',
};

const OUTCOMES = {
  ok: 'OK',
  warning: 'Warning',
  failed: 'Failed',
  skipped: '—',
};

const VERDICTS = {
  ok: 'Ready: every check passed.',
  warning: 'Reachable, with something to look at.',
  failed: 'Not ready: analyses will fail until this is fixed.',
  skipped: 'Nothing could be checked.',
};

/** Renders a HealthReport into `root`. */
export function renderHealth(root, report) {
  const rows = (report.checks ?? []).map((check) =>
    el(
      'tr',
      { dataset: { outcome: check.outcome, step: check.step } },
      el('th', { scope: 'row', text: STEPS[check.step] ?? check.step }),
      el('td', { class: 'outcome', text: OUTCOMES[check.outcome] ?? check.outcome }),
      el('td', { text: check.summary }),
      el('td', { class: 'ms', text: check.millis === null || check.millis === undefined ? '' : `${check.millis} ms` }),
    ),
  );
  const deps = report.health?.dependencies ?? [];
  // Never a null among replaceChildren's arguments: the DOM writes it as the text "null".
  root.replaceChildren(
    ...[
      el(
        'p',
        { class: 'verdict', dataset: { outcome: report.verdict } },
        el('strong', { text: report.environment }),
        ` · ${VERDICTS[report.verdict] ?? report.verdict}`,
      ),
      el('table', { class: 'health-table' }, el('tbody', {}, rows)),
      deps.length || report.health?.version
        ? el(
            'p',
            { class: 'hint' },
            report.health?.version ? `Version ${report.health.version}. ` : '',
            deps.length ? `Dependencies: ${deps.map(([name, state]) => `${name} ${state}`).join(', ')}.` : '',
          )
        : null,
      el('p', {
        class: 'hint',
        text: `Checked ${report.checked_at.replace('T', ' ').replace(/(\.\d+)?Z$/, '')} UTC. No analysis was sent.`,
      }),
    ].filter(Boolean),
  );
  root.dataset.outcome = report.verdict;
  root.hidden = false;
}

/** Shows that a check is running. */
export function renderChecking(root, name) {
  root.replaceChildren(el('p', { class: 'verdict', text: `Checking ${name}…` }));
  root.dataset.outcome = 'running';
  root.hidden = false;
}

/**
 * Checks `env` and shows the report in `root`, unless the user has moved
 * to another environment meanwhile (`isActive(id)` says); a refused check
 * goes to `onError`.
 */
export async function checkEnvironment(root, env, isActive, onError) {
  renderChecking(root, env.name);
  try {
    const report = await ipc.checkEnvironment(env.id);
    if (isActive(env.id)) renderHealth(root, report);
  } catch (error) {
    onError(error);
  }
}
