// The history dialog: sessions newest first, filtered by environment,
// dates and outcome, or the runs matching a search; a session's runs with
// open, replay, export and copy; continue or delete a session; import an
// export; the retention setting. Everything comes from the console's
// local history, so it works with no network at all.

import { showChain } from './chain.js';
import { decisionsLine } from './decisions/summary.js';
import { button, clear, copyText, el } from './dom.js';
import { showImportForm } from './history-import.js';
import * as ipc from './ipc.js';
import { deskLabel, deskWords } from './team/desk.js';
import { dayStart, zulu, zuluAndLocal } from './when.js';

const DAY_MS = 86_400_000;

/**
 * Wires the dialog. `hooks` has `open(uid)`, `replay(uid)` and
 * `continueSession(session)`, each of which the window carries out after
 * the dialog closes, and `environmentNames()` for the filter.
 */
export function historyView(dialog, hooks) {
  const $ = (sel) => dialog.querySelector(sel);
  const listRoot = $('#hist-list');
  const detail = $('#hist-detail');
  const message = $('#hist-message');
  const filters = {
    text: $('#hist-text'),
    env: $('#hist-env'),
    from: $('#hist-from'),
    to: $('#hist-to'),
    outcome: $('#hist-outcome'),
  };
  const retention = $('#hist-retention');
  let selected = null;
  let timer = null;

  const say = (text, bad = false) => {
    message.textContent = text;
    message.dataset.bad = String(bad);
  };
  const fail = (error) => say(error?.message ?? String(error), true);

  const query = () => {
    const to = dayStart(filters.to.value);
    return {
      text: filters.text.value.trim() || null,
      environment: filters.env.value || null,
      from_ms: dayStart(filters.from.value),
      to_ms: to === null ? null : to + DAY_MS,
      outcome: filters.outcome.value || null,
      limit: 200,
    };
  };

  const refresh = async () => {
    let page;
    try {
      page = await ipc.history(query());
    } catch (error) {
      fail(error);
      return;
    }
    clear(listRoot);
    if (page.searched) {
      listRoot.setAttribute('aria-label', 'Matching runs');
      for (const hit of page.hits) listRoot.append(hitRow(hit));
      say(
        page.hits.length
          ? `${count(page.hits.length, 'run')} match${page.hits.length === 1 ? 'es' : ''}, newest first.`
          : 'No run matches. Search looks at prompts, decisions, recommendations and option titles.',
      );
    } else {
      listRoot.setAttribute('aria-label', 'Sessions');
      for (const session of page.sessions) listRoot.append(sessionRow(session));
      say(
        page.sessions.length
          ? `${count(page.sessions.length, 'session')}, most recent first.`
          : 'No session matches. Every analysis the console sends is kept here.',
      );
    }
    listRoot.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  };

  const row = (sessionId, children, label) => {
    const li = el(
      'li',
      {
        class: 'hist-row',
        role: 'option',
        tabindex: '0',
        'aria-label': label,
        'aria-selected': String(sessionId === selected),
        dataset: { session: String(sessionId) },
      },
      children,
    );
    const choose = () => showSession(sessionId);
    li.addEventListener('click', choose);
    li.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        choose();
      }
    });
    return li;
  };

  const sessionRow = (s) =>
    row(
      s.id,
      [
        el('div', { class: 'title', text: s.title }),
        el(
          'div',
          { class: 'meta' },
          el('span', { text: zulu(s.last_activity_ms) }),
          el('span', { text: s.environment }),
          el('span', { text: count(s.runs, 'run') }),
          el('span', { class: 'outcome-badge', dataset: { status: s.last_status }, text: s.last_status }),
          deskLabel(s),
        ),
      ],
      [s.title, s.environment, zulu(s.last_activity_ms), deskWords(s)].filter(Boolean).join(', '),
    );

  const hitRow = (hit) =>
    row(
      hit.run.session_id,
      [
        el('div', { class: 'title', text: hit.run.prompt }),
        el(
          'div',
          { class: 'meta' },
          el('span', { text: zulu(hit.run.started_ms) }),
          el('span', { text: hit.environment }),
          hit.session_title === hit.run.prompt ? null : el('span', { text: `in “${hit.session_title}”` }),
          el('span', { class: 'outcome-badge', dataset: { status: hit.run.status }, text: hit.run.status }),
          deskLabel(hit.run),
        ),
        el('div', { class: 'snippet' }, highlighted(hit.snippet)),
      ],
      [hit.session_title, zulu(hit.run.started_ms), deskWords(hit.run)].filter(Boolean).join(', '),
    );

  const showSession = async (id) => {
    let found;
    try {
      found = await ipc.historySession(id);
    } catch (error) {
      fail(error);
      return;
    }
    selected = id;
    for (const li of listRoot.children) li.setAttribute('aria-selected', String(li.dataset.session === String(id)));
    const { session, runs } = found;
    // Another desk's session is continued on that desk.
    const actions = [
      session.desk
        ? null
        : button('Continue this session', () => close(() => hooks.continueSession(session)), {
            cls: 'primary',
            id: 'hist-continue',
          }),
      button('Export JSON', () => save(session.id, null, 'json')),
      button('Export report', () => save(session.id, null, 'markdown')),
      button('Copy report', () => copyReport(session.id, null)),
      button('Delete session', () => confirmDelete(session), { cls: 'danger', id: 'hist-delete' }),
    ];
    detail.replaceChildren(
      el(
        'section',
        { class: 'hist-session', 'aria-label': 'Session' },
        el('h3', { text: session.title }),
        el(
          'div',
          { class: 'meta hint' },
          `${session.environment} · server session `,
          el('code', { text: session.server_session_id ?? 'not assigned' }),
          ` · ${zuluAndLocal(session.first_activity_ms)} to ${zulu(session.last_activity_ms)}`,
        ),
        el('div', { class: 'hist-actions' }, actions),
        el('div', { id: 'hist-confirm' }),
        el('ol', { class: 'hist-runs', 'aria-label': 'Runs, oldest first' }, runs.map(runItem)),
      ),
    );
  };

  const runItem = (run) =>
    el(
      'li',
      { class: 'hist-run', dataset: { uid: run.uid } },
      el(
        'div',
        { class: 'meta' },
        el('span', { text: zuluAndLocal(run.started_ms) }),
        el('span', { class: 'outcome-badge', dataset: { status: run.status }, text: run.status }),
        run.execution_ms === null ? null : el('span', { text: `server ${(run.execution_ms / 1000).toFixed(1)} s` }),
        run.request_id ? el('span', {}, 'request ', el('code', { text: run.request_id })) : null,
        deskLabel(run),
      ),
      el('p', { class: 'prompt', text: run.prompt }),
      run.decision ? el('p', { class: 'decision' }, el('strong', { text: 'Decision: ' }), run.decision) : null,
      run.error_message ? el('p', { class: 'decision', text: run.error_message }) : null,
      run.status === 'complete' ? decisionsLine(run.uid) : null,
      el(
        'div',
        { class: 'hist-actions' },
        button('Open', () => close(() => hooks.open(run.uid)), {
          cls: 'primary',
          label: `Open the run of ${zulu(run.started_ms)}`,
        }),
        button('Replay', () => close(() => hooks.replay(run.uid)), {
          label: `Replay the run of ${zulu(run.started_ms)}`,
        }),
        button('Export JSON', () => save(null, run.uid, 'json')),
        button('Copy report', () => copyReport(null, run.uid)),
      ),
    );

  const save = async (session, run, format) => {
    try {
      const saved = await ipc.saveExport(session, run, format);
      say(`Saved ${saved.path}`);
    } catch (error) {
      fail(error);
    }
  };

  const copyReport = async (session, run) => {
    try {
      const text = await ipc.reportText(session, run);
      say(
        (await copyText(text))
          ? 'The report is on the clipboard, as Markdown.'
          : 'The clipboard refused the report; export it instead.',
        false,
      );
    } catch (error) {
      fail(error);
    }
  };

  const confirmDelete = (session) => {
    const slot = $('#hist-confirm');
    slot.replaceChildren(
      el(
        'div',
        { class: 'banner warning', role: 'alert' },
        el('p', {
          text:
            `Delete “${session.title}” with its ${count(session.runs, 'run')} and every event? ` +
            'This cannot be undone; export it first to keep a copy.',
        }),
        el(
          'div',
          { class: 'hist-actions' },
          button(
            'Delete for good',
            async () => {
              try {
                await ipc.deleteSession(session.id);
                selected = null;
                clear(detail);
                await refresh();
                say(`Deleted “${session.title}”.`);
              } catch (error) {
                fail(error);
              }
            },
            { cls: 'danger primary', id: 'hist-delete-yes' },
          ),
          button('Keep it', () => clear(slot), { id: 'hist-delete-no' }),
        ),
      ),
    );
    slot.querySelector('#hist-delete-no').focus();
  };

  const showImport = () =>
    showImportForm(detail, {
      imported: async (report) => {
        selected = report.session;
        await refresh();
        await showSession(report.session);
        say(`Imported ${count(report.added, 'run')}${report.skipped ? `; ${report.skipped} already here` : ''}.`);
      },
      failed: fail,
    });

  const close = (then) => {
    dialog.close();
    then();
  };

  for (const input of [filters.env, filters.from, filters.to, filters.outcome])
    input.addEventListener('change', refresh);
  filters.text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 180);
  });
  $('#hist-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  retention.addEventListener('change', async () => {
    const days = retention.value ? Number(retention.value) : null;
    try {
      const removed = await ipc.setRetention(days);
      await refresh();
      say(
        days === null
          ? 'Sessions are kept for ever.'
          : `Sessions are kept ${days} days after their last activity; ${count(removed, 'older session')} deleted.`,
      );
    } catch (error) {
      fail(error);
    }
  });
  $('#hist-import-open').addEventListener('click', showImport);
  $('#hist-close').addEventListener('click', () => dialog.close());

  return {
    async open() {
      const current = filters.env.value;
      // Spread: replaceChildren writes an array as its text ("[object HTMLOptionElement]").
      filters.env.replaceChildren(
        el('option', { value: '', text: 'All environments' }),
        ...hooks.environmentNames().map((name) => el('option', { value: name, text: name })),
      );
      filters.env.value = current;
      try {
        const status = await ipc.historyStatus();
        if (status.problem) say(`There is no history: ${status.problem}`, true);
        showChain($('#hist-chain'), status.chain);
        retention.value = status.retention_days === null ? '' : String(status.retention_days);
      } catch (error) {
        fail(error);
      }
      // The session shown when the dialog last closed may have been decided
      // on since (its run opened and decided in the main view): its decision
      // lines are read again rather than left saying "No decision recorded."
      for (const line of detail.querySelectorAll('p.hist-decided')) line.replaceWith(decisionsLine(line.dataset.run));
      // Only now: a date field loads about 2.5 MB of ICU's date formats and
      // data into the web process, which a window never opening its history
      // does not need (figures: `_web_anon_pss`, libicu in smaps).
      filters.from.type = 'date';
      filters.to.type = 'date';
      dialog.showModal();
      filters.text.focus();
      await refresh();
    },
  };
}

function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The search snippet, its `[match]` markers as `mark` elements (text only). */
function highlighted(snippet) {
  const parts = [];
  let rest = snippet;
  for (;;) {
    const open = rest.indexOf('[');
    const close = open < 0 ? -1 : rest.indexOf(']', open);
    if (close < 0) break;
    parts.push(rest.slice(0, open), el('mark', { text: rest.slice(open + 1, close) }));
    rest = rest.slice(close + 1);
  }
  parts.push(rest);
  return parts;
}
