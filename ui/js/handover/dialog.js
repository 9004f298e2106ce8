// The "Hand over shift" dialog: the draft of the shift (runs, decisions,
// open items) with the outgoing duty manager's notes, Create; a created
// handover with its status, notes added later, the incoming duty
// manager's acknowledgement (after which it is locked), export as PDF or
// Markdown, and print; and the past handovers, newest first.

import { refreshDecisionPanels } from '../decisions/panel.js';
import { button, el, list, num, obj, text } from '../dom.js';
import { hideError, showError } from '../errors.js';
import * as ipc from '../ipc.js';
import { zulu } from '../when.js';
import { ackWords, handoverDocument } from './document.js';
import { printHandover } from './print.js';

const HOUR_MS = 3_600_000;

/** Wires the handover `dialog` to its `opener`; returns `{ open() }`. */
export function handoverView(dialog, opener) {
  const $ = (sel) => dialog.querySelector(sel);
  const listRoot = $('#ho-list');
  const detail = $('#ho-detail');
  const message = $('#ho-message');
  const errorRoot = $('#ho-error');
  let selected = null;
  let since = '';

  const say = (words) => {
    message.textContent = words;
  };
  const fail = (error) => {
    say('');
    showError(errorRoot, error);
  };
  const calm = () => hideError(errorRoot);

  async function refreshList() {
    let all;
    try {
      all = list(await ipc.handovers()).filter(obj);
    } catch (error) {
      fail(error);
      return;
    }
    all.sort((a, b) => (num(b.created_ms) ?? 0) - (num(a.created_ms) ?? 0));
    listRoot.replaceChildren(
      ...(all.length
        ? all.map(row)
        : [el('li', { class: 'hint', text: 'No handover yet: the first covers the last 12 hours.' })]),
    );
  }

  function row(h) {
    const acked = !!obj(h.ack);
    const li = el(
      'li',
      {
        class: 'hist-row ho-row',
        role: 'option',
        tabindex: '0',
        'aria-selected': String(h.uid === selected),
        dataset: { uid: text(h.uid) ?? '', acknowledged: String(acked) },
      },
      el('div', {
        class: 'title',
        text: num(h.created_ms) === null ? 'Handover' : `Handover of ${zulu(h.created_ms)}`,
      }),
      el(
        'div',
        { class: 'meta' },
        text(h.operator) ? el('span', { text: `by ${h.operator}` }) : null,
        el('span', { text: `${list(h.runs).length} run${list(h.runs).length === 1 ? '' : 's'}` }),
        el(
          'span',
          { class: 'ho-state', dataset: { acknowledged: String(acked) } },
          acked ? 'Acknowledged' : 'Awaiting acknowledgement',
        ),
      ),
    );
    const choose = () => showHandover(h.uid);
    li.addEventListener('click', choose);
    li.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        choose();
      }
    });
    return li;
  }

  function markSelected() {
    for (const li of listRoot.children) li.setAttribute('aria-selected', String(li.dataset.uid === selected));
  }

  /** The draft of a new handover, with the period chooser and the notes. */
  async function showDraft() {
    calm();
    selected = null;
    markSelected();
    let draft;
    const sinceMs = since ? Date.now() - Number(since) * HOUR_MS : null;
    try {
      draft = obj(await ipc.handoverDraft(sinceMs)) ?? {};
    } catch (error) {
      fail(error);
      return;
    }
    const period = el(
      'select',
      { id: 'ho-since', 'aria-label': 'The period handed over' },
      el('option', { value: '', text: 'Since the last handover (12 hours if none)' }),
      ['8', '12', '24'].map((h) => el('option', { value: h, text: `The last ${h} hours` })),
    );
    period.value = since;
    period.addEventListener('change', () => {
      since = period.value;
      showDraft();
    });
    const notes = el('textarea', { id: 'ho-notes', rows: '5', 'aria-describedby': 'ho-notes-hint' });
    const create = button(
      'Create handover',
      async () => {
        create.disabled = true;
        try {
          const made = await ipc.createHandover(sinceMs, notes.value.trim());
          await refreshList();
          await showHandover(made.uid, made);
          say('Handover created. The incoming duty manager acknowledges it with their name.');
        } catch (error) {
          fail(error);
          create.disabled = false;
        }
      },
      { cls: 'primary', id: 'ho-create' },
    );
    detail.replaceChildren(
      el(
        'div',
        { class: 'ho-controls' },
        el('label', { class: 'retention' }, 'Period', period),
        el('span', { class: 'hint', text: 'Nothing is recorded until you create it.' }),
      ),
      handoverDocument(draft, true),
      el(
        'div',
        { class: 'field ho-field' },
        el('label', { for: 'ho-notes', text: 'Notes for the incoming duty manager' }),
        notes,
        el('span', {
          class: 'hint',
          id: 'ho-notes-hint',
          text: 'What to watch, what was promised, who to call. Kept with the handover as written.',
        }),
      ),
      el('div', { class: 'hist-actions' }, create),
    );
    notes.focus();
  }

  /** A created handover: its document, then what can be done with it. */
  async function showHandover(uid, known = null) {
    calm();
    let h = known;
    if (!h) {
      try {
        h = await ipc.handover(uid);
      } catch (error) {
        fail(error);
        return;
      }
    }
    selected = uid;
    markSelected();
    const acked = !!obj(h.ack);
    detail.replaceChildren(
      el(
        'div',
        { class: 'hist-actions ho-exports' },
        button('Export PDF', () => exportAs(h.uid, 'pdf'), { id: 'ho-export-pdf' }),
        button('Export Markdown', () => exportAs(h.uid, 'markdown'), { id: 'ho-export-md' }),
        button('Print', () => printHandover(handoverDocument(h)), { id: 'ho-print' }),
      ),
      handoverDocument(h),
      el(
        'div',
        { class: 'ho-controls', dataset: { locked: String(acked) } },
        acked ? el('p', { class: 'ho-locked', text: `${ackWords(h)}. The handover is locked.` }) : ackForm(h),
        noteForm(h, acked),
      ),
    );
  }

  function ackForm(h) {
    const by = el('input', { type: 'text', id: 'ho-ack-by', autocomplete: 'name', spellcheck: 'false' });
    const ack = button(
      'Acknowledge',
      async () => {
        ack.disabled = true;
        try {
          const done = await ipc.acknowledgeHandover(h.uid, by.value.trim());
          // The console now records decisions under the incoming duty manager's name: the panel says so.
          refreshDecisionPanels();
          await refreshList();
          await showHandover(h.uid, done);
          say(`${ackWords(done) ?? 'Acknowledged'}.`);
        } catch (error) {
          fail(error);
          ack.disabled = false;
        }
      },
      { cls: 'primary', id: 'ho-ack' },
    );
    ack.disabled = true;
    by.addEventListener('input', () => {
      ack.disabled = !by.value.trim();
    });
    by.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && by.value.trim()) ack.click();
    });
    return el(
      'div',
      { class: 'ho-ack' },
      el(
        'label',
        { class: 'field' },
        el('span', { text: "Incoming duty manager's name, to acknowledge the handover" }),
        by,
      ),
      el('div', { class: 'hist-actions' }, ack),
    );
  }

  function noteForm(h, acked) {
    const note = el('textarea', { id: 'ho-note', rows: '2' });
    const add = button(
      acked ? 'Add a note after the acknowledgement' : 'Add note',
      async () => {
        add.disabled = true;
        try {
          const updated = await ipc.addHandoverNote(h.uid, note.value.trim());
          await showHandover(h.uid, updated);
          say(acked ? 'Note added, marked as added after the acknowledgement.' : 'Note added.');
        } catch (error) {
          fail(error);
          add.disabled = false;
        }
      },
      { id: 'ho-note-add' },
    );
    add.disabled = true;
    note.addEventListener('input', () => {
      add.disabled = !note.value.trim();
    });
    return el(
      'div',
      { class: 'ho-note-form' },
      el(
        'label',
        { class: 'field' },
        el('span', { text: acked ? 'A note after the acknowledgement (kept as its own record)' : 'Add a note' }),
        note,
      ),
      el('div', { class: 'hist-actions' }, add),
    );
  }

  async function exportAs(uid, format) {
    calm();
    try {
      const saved = await ipc.exportHandover(uid, format);
      say(`Saved ${saved.path}`);
    } catch (error) {
      fail(error);
    }
  }

  $('#ho-new').addEventListener('click', showDraft);
  $('#ho-close').addEventListener('click', () => dialog.close());
  opener.addEventListener('click', open);

  async function open() {
    say('');
    calm();
    dialog.showModal();
    await refreshList();
    await showDraft();
  }

  return { open };
}
