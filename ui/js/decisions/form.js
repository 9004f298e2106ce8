// The form that records the duty manager's decision on an analysis:
// accept or modify an option (saying what changes) or reject them all,
// with a rationale, every safety constraint acknowledged by name when the
// chosen option is not the arbitrator's, and the operator's name asked
// once. "Record" stays disabled, with the reason in words beside it, until
// the record is whole; a stale analysis is confirmed first.

import { button, el, list, num, obj, text } from '../dom.js';
import { hideError, showError } from '../errors.js';
import { numberText } from '../format.js';
import { confirmStale, isStale } from '../freshness.js';
import * as ipc from '../ipc.js';
import { constraintsToAcknowledge, constraintWords, optionId, optionLabel, shortHash } from './words.js';

const ACTIONS = [
  ['accept', 'Accept an option'],
  ['modify', 'Modify an option'],
  ['reject', 'Reject every option'],
];

/**
 * The form for `context` (a DecisionContext). `options.correcting` is the
 * DecisionView being corrected (the new record supersedes it), or null;
 * `onRecorded(view)` receives the recorded DecisionView; `onCancel()`
 * closes a correction; `staleDialog` is the `#stale-confirm` dialog.
 */
export function decisionForm(context, { correcting = null, onRecorded, onCancel, staleDialog }) {
  const options = list(context.options).filter((o) => obj(o) && optionId(o.solution_id) !== null);
  const recommended = optionId(context.recommended_solution_id);
  const byId = new Map(options.map((o) => [optionId(o.solution_id), o]));

  const radios = ACTIONS.map(([value, label]) => {
    const input = el('input', { type: 'radio', name: 'decide-action', value, class: 'decide-action' });
    if (value !== 'reject' && !options.length) input.disabled = true;
    return { input, label: el('label', { class: 'check' }, input, label) };
  });
  const option = el(
    'select',
    { id: 'decide-option' },
    options.map((o) =>
      el('option', {
        value: optionId(o.solution_id),
        text: `${optionLabel(o)}${optionId(o.solution_id) === recommended ? ' (recommended)' : ''}`,
      }),
    ),
  );
  if (recommended !== null && byId.has(recommended)) option.value = recommended;
  const optionField = el('label', { class: 'field' }, el('span', { text: 'Option' }), option);
  const modification = el('textarea', {
    id: 'decide-modification',
    rows: '3',
    'aria-describedby': 'decide-modification-hint',
  });
  const modificationField = el(
    'div',
    { class: 'field', hidden: true },
    el('label', { for: 'decide-modification', text: 'What changes (required)' }),
    modification,
    el('span', { class: 'hint', id: 'decide-modification-hint', text: 'What you do differently from the option.' }),
  );
  const safety = el('fieldset', { class: 'decide-safety', id: 'decide-safety', hidden: true });
  const rationale = el('textarea', {
    id: 'decide-rationale',
    rows: '4',
    'aria-required': 'true',
    'aria-describedby': 'decide-rationale-rule decide-rationale-count',
  });
  const rationaleRule = el('span', { class: 'rule', id: 'decide-rationale-rule', 'aria-live': 'polite' });
  const rationaleCount = el('span', { class: 'count', id: 'decide-rationale-count' });
  // The name is asked once, then shown with "Change" so a new duty manager at the desk can put theirs.
  const known = text(context.operator);
  const operator = el('input', { type: 'text', id: 'decide-operator', autocomplete: 'name', spellcheck: 'false' });
  const operatorField = el(
    'label',
    { class: 'field decide-operator', hidden: !!known },
    el('span', {
      text: known
        ? 'Your name, as the duty manager (decisions from now on are recorded under it)'
        : 'Your name, as the duty manager (asked once for this history)',
    }),
    operator,
  );
  const asking = () => !operatorField.hidden;
  const operatorLine = known
    ? el(
        'p',
        { class: 'hint decide-operator-line', id: 'decide-operator-line' },
        el('span', { text: `Recorded as ${known}, with this computer's user and host. ` }),
        button('Change', () => changeOperator(), {
          id: 'decide-operator-change',
          cls: 'link',
          label: 'Change the name decisions are recorded under',
        }),
      )
    : null;
  const changeOperator = () => {
    operator.value = known;
    operatorLine.hidden = true;
    operatorField.hidden = false;
    refresh();
    operator.focus();
    operator.select();
  };
  const needs = el('p', { class: 'decide-needs', id: 'decide-needs', 'aria-live': 'polite' });
  const record = el('button', {
    type: 'submit',
    class: 'primary',
    id: 'decide-record',
    'aria-describedby': 'decide-needs',
    text: correcting ? 'Record the correction' : 'Record decision',
  });
  const errorRoot = el('div', { class: 'error', id: 'decide-error', role: 'alert', hidden: true });
  let touched = false;
  let busy = false;

  const action = () => radios.find((r) => r.input.checked)?.input.value ?? null;
  const chosenId = () => (action() === 'accept' || action() === 'modify' ? option.value || null : null);
  const toAcknowledge = () => constraintsToAcknowledge(context, action(), chosenId());
  const acks = () => [...safety.querySelectorAll('input.decide-ack')];

  /** What is still missing, in words; empty when the record is whole. */
  const missing = () => {
    const out = [];
    const a = action();
    if (a === null) out.push('choose to accept, modify or reject');
    if ((a === 'accept' || a === 'modify') && chosenId() === null) out.push('choose the option');
    if (a === 'modify' && !modification.value.trim()) out.push('say what changes');
    if (!rationale.value.trim()) out.push('write the rationale');
    const open = acks().filter((c) => !c.checked).length;
    if (open) out.push(`acknowledge ${open} safety constraint${open === 1 ? '' : 's'}`);
    if (asking() && !operator.value.trim()) out.push('give your name');
    return out;
  };

  // The safety list is rebuilt only when the option or action changes, so
  // ticks survive typing elsewhere.
  let safetyKey = null;
  const drawSafety = () => {
    const constraints = toAcknowledge();
    const key = `${action()}|${chosenId()}`;
    if (key === safetyKey) return;
    safetyKey = key;
    safety.hidden = constraints.length === 0;
    if (!constraints.length) {
      safety.replaceChildren();
      return;
    }
    const chosen = byId.get(chosenId());
    const why =
      recommended === null
        ? 'The arbitrator named no recommended option.'
        : `${optionLabel(chosen)} is not the arbitrator's recommended option ${recommended}.`;
    safety.replaceChildren(
      el('legend', { text: 'Safety constraints: acknowledge each one' }),
      el('p', { class: 'hint', text: `${why} The analysis names these safety constraints; tick each to confirm.` }),
      ...constraints.map((c, i) => {
        const box = el('input', {
          type: 'checkbox',
          class: 'decide-ack',
          id: `decide-ack-${i}`,
          dataset: { constraint: c.constraint, agent: text(c.agent) ?? '', source: text(c.source) ?? '' },
        });
        box.addEventListener('change', refresh);
        return el('label', { class: 'check decide-ack-row', for: `decide-ack-${i}` }, box, constraintWords(c));
      }),
    );
  };

  function refresh() {
    const a = action();
    optionField.hidden = a === 'reject';
    modificationField.hidden = a !== 'modify';
    drawSafety();
    const count = [...rationale.value].length;
    rationaleCount.textContent = `${numberText(count)} character${count === 1 ? '' : 's'}`;
    const blank = !rationale.value.trim();
    // Said once the user tried to record or typed then cleared; "To record" lists it before.
    rationaleRule.textContent =
      blank && touched ? 'A rationale is required: why this decision, for the next shift to follow.' : '';
    rationale.setAttribute('aria-invalid', String(blank && touched));
    const left = missing();
    needs.textContent = left.length ? `To record: ${left.join('; ')}.` : 'Ready to record.';
    needs.dataset.ready = String(!left.length);
    record.disabled = busy || left.length > 0;
  }

  const form = el(
    'form',
    { class: 'decide-form', id: 'decide-form', dataset: { supersedes: correcting?.uid ?? '' }, novalidate: '' },
    correcting
      ? el('p', {
          class: 'decide-correcting',
          text: 'Correcting the decision above: it stays in the log, marked as superseded by this one.',
        })
      : null,
    el(
      'fieldset',
      { class: 'decide-actions' },
      el('legend', { text: 'Decision' }),
      radios.map((r) => r.label),
    ),
    optionField,
    modificationField,
    safety,
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'decide-rationale', text: 'Rationale (required)' }),
      rationale,
      el('span', { class: 'prompt-meta' }, rationaleRule, rationaleCount),
    ),
    known ? operatorLine : null,
    operatorField,
    text(context.analysis_sha256)
      ? el(
          'p',
          { class: 'hint', id: 'decide-basis' },
          'The record names the analysis decided on by its SHA-256, ',
          el('code', { title: context.analysis_sha256, text: `${shortHash(context.analysis_sha256)}…` }),
          '.',
        )
      : null,
    needs,
    el(
      'div',
      { class: 'actions' },
      record,
      correcting ? button('Cancel the correction', onCancel, { id: 'decide-cancel' }) : null,
    ),
    errorRoot,
  );

  if (correcting) {
    const was = radios.find((r) => r.input.value === correcting.action);
    if (was && !was.input.disabled) was.input.checked = true;
    const wasId = optionId(correcting.option?.solution_id);
    if (wasId !== null && byId.has(wasId)) option.value = wasId;
    if (text(correcting.modification)) modification.value = correcting.modification;
  }

  for (const r of radios) r.input.addEventListener('change', refresh);
  option.addEventListener('change', refresh);
  for (const input of [modification, rationale, operator]) {
    input.addEventListener('input', () => {
      if (input === rationale) touched = true;
      refresh();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    touched = true;
    refresh();
    if (record.disabled) return;
    busy = true;
    refresh();
    try {
      await submit();
    } finally {
      busy = false;
      if (form.isConnected) refresh();
    }
  });

  async function submit() {
    hideError(errorRoot);
    let staleConfirmed = false;
    const received = num(context.analysis_received_ms);
    const limit = num(context.stale_after_minutes);
    // No receipt time or limit in the context: nothing to call stale (the console checks again).
    if (received !== null && limit !== null && isStale(received, limit)) {
      if (!(await confirmStale(staleDialog, received, limit))) return;
      staleConfirmed = true;
    }
    const a = action();
    const chosen = a === 'reject' ? null : byId.get(chosenId());
    const request = {
      run_uid: context.run_uid,
      action: a,
      solution_id: chosen ? chosen.solution_id : null,
      modification: a === 'modify' ? modification.value.trim() : null,
      rationale: rationale.value.trim(),
      safety_acknowledged: acks()
        .filter((c) => c.checked)
        .map((c) => c.dataset.constraint),
      stale_confirmed: staleConfirmed,
      supersedes: correcting?.uid ?? null,
    };
    try {
      const name = operator.value.trim();
      if (asking() && name !== known) await ipc.setOperator(name);
      onRecorded(await ipc.recordDecision(request));
    } catch (error) {
      showError(errorRoot, error);
    }
  }

  refresh();
  return form;
}
