// A handover as the incoming duty manager reads it, on screen and on
// paper: the period, who handed over, its status, the open items first,
// then every run with its outcome and decisions, every decision (one
// taken against a safety constraint stands out), the notes, and the
// acknowledgement with the notes added after it below it. The same
// rendering serves the draft, before anything is recorded.

import { constraintWords } from '../decisions/words.js';
import { el, list, num, obj, text } from '../dom.js';
import { zulu, zuluAndLocal } from '../when.js';

const OPEN_ITEMS = {
  no_decision: 'No decision',
  failed: 'Failed run',
  interrupted: 'Interrupted run',
  superseded_decision: 'Superseded decision',
};

const ACTIONS = { accept: 'Accepted', modify: 'Modified', reject: 'Rejected every option' };

/** `Acknowledged by Sam Lee at 2026-11-25 07:02Z (11:02 local)`, or null before the acknowledgement. */
export function ackWords(view) {
  const ack = obj(view.ack);
  if (!ack) return null;
  const at = num(ack.acked_ms) === null ? '' : ` at ${zuluAndLocal(ack.acked_ms)}`;
  return `Acknowledged by ${text(ack.by) ?? 'an unnamed duty manager'}${at}`;
}

/** `From 2026-11-24 19:00Z to 2026-11-25 07:00Z`. */
export function periodWords(h) {
  const from = num(h.since_ms) === null ? 'the start of the history' : zulu(h.since_ms);
  const to = num(h.until_ms) === null ? 'now' : zulu(h.until_ms);
  return `From ${from} to ${to}`;
}

/** The option a decision names: `option 2 · Delay and swap`, as the decision's entry says it. */
function optionWords(d) {
  const id = num(d.option_id);
  const title = text(d.option_title);
  if (id !== null) return title ? `option ${id} · ${title}` : `option ${id}`;
  return title ?? 'an option not named';
}

/**
 * A decision of the snapshot in one line, with what changed for a modification:
 * `Accepted option 2 · Delay and swap, by Jane Doe at 03:12Z`.
 */
function decisionLine(d) {
  const action = ACTIONS[d.action] ?? text(d.action) ?? 'Decided';
  const option = d.action === 'reject' ? '' : ` ${optionWords(d)}`;
  // One full stop ending the change goes before the comma (never "stand., by").
  const change = d.action === 'modify' && text(d.modification) ? `: ${d.modification.trim().replace(/\.$/, '')}` : '';
  const when = num(d.decided_ms) === null ? '' : ` at ${zulu(d.decided_ms)}`;
  return `${action}${option}${change}, by ${text(d.operator) ?? 'no operator name'}${when}`;
}

/** The constraints a decision was taken against, or null when it was not. */
function safetyWords(d) {
  const acknowledged = list(d.safety_acknowledged);
  return acknowledged.length ? acknowledged.map(constraintWords).join('; ') : null;
}

/** The warning a decision taken against a safety constraint carries, in the document and in its run. */
function safetyWarning(d, cls) {
  const words = safetyWords(d);
  return words
    ? el(
        'div',
        { class: `banner warning ho-safety ${cls}` },
        el('strong', { text: 'Against a safety constraint. ' }),
        `Safety acknowledged: ${words}`,
      )
    : null;
}

/**
 * The handover document: `h` is a HandoverView (the body, `added_notes`
 * and `ack`), or a HandoverDraft with `draft` true (no status, no notes yet).
 */
export function handoverDocument(h, draft = false) {
  const runs = list(h.runs).filter(obj);
  const decisions = list(h.decisions).filter(obj);
  const items = list(h.open_items).filter(obj);
  const byUid = new Map(decisions.map((d) => [d.uid, d]));
  const account = [text(h.os_user), text(h.host)].filter(Boolean).join('@');
  const facts = [
    ['Period', periodWords(h)],
    text(h.operator) || account
      ? ['Handed over by', `${text(h.operator) ?? 'no operator name'}${account ? ` (${account})` : ''}`]
      : null,
    num(h.created_ms) === null ? null : ['Created', zuluAndLocal(h.created_ms)],
    draft ? null : ['Status', ackWords(h) ?? 'Awaiting acknowledgement by the incoming duty manager'],
  ].filter(Boolean);
  // The view names the notes added later `added_notes`, apart from the body's `notes` text; those
  // added after the acknowledgement come after it, so what the incoming duty manager signed is plain.
  const laterNotes = list(h.added_notes).filter(obj);
  const beforeAck = laterNotes.filter((n) => n.after_ack !== true);
  const afterAck = laterNotes.filter((n) => n.after_ack === true);
  const acked = ackWords(h);
  return el(
    'article',
    {
      class: 'ho-doc',
      dataset: { uid: text(h.uid) ?? '', acknowledged: String(!!obj(h.ack)), draft: String(draft) },
    },
    el('h3', { text: draft ? 'Draft handover (not recorded yet)' : 'Shift handover' }),
    el(
      'dl',
      { class: 'facts wide ho-facts' },
      facts.map(([label, value]) => [el('dt', { text: label }), el('dd', { text: value })]),
    ),
    section(
      `Open items (${items.length})`,
      'ho-open',
      items.length
        ? el(
            'ul',
            {},
            items.map((i) => {
              // Carried over from an earlier handover, still open: marked as the briefing marks it.
              const carried = !!text(i.carried_from);
              const kind = OPEN_ITEMS[i.kind] ?? text(i.kind) ?? 'Open item';
              return el(
                'li',
                { dataset: { kind: text(i.kind) ?? '', run: text(i.run_uid) ?? '', carried: String(carried) } },
                el('strong', { text: `${kind}${carried ? ' (carried over)' : ''}: ` }),
                text(i.text) ?? '',
              );
            }),
          )
        : el('p', { class: 'hint', text: 'None.' }),
    ),
    section(
      `Runs (${runs.length})`,
      'ho-runs',
      runs.length
        ? el(
            'ol',
            { class: 'ho-run-list' },
            runs.map((r) => runItem(r, byUid)),
          )
        : el('p', { class: 'hint', text: 'No run in this period.' }),
    ),
    section(
      `Decisions (${decisions.length})`,
      'ho-decisions',
      decisions.length
        ? el(
            'ul',
            {},
            decisions.map((d) =>
              el(
                'li',
                {
                  dataset: {
                    uid: text(d.uid) ?? '',
                    superseded: String(!!text(d.superseded_by)),
                    safety: String(!!safetyWords(d)),
                  },
                },
                el('span', { class: 'ho-decision-line', text: decisionLine(d) }),
                text(d.superseded_by) ? el('strong', { class: 'superseded-word', text: ' (superseded)' }) : null,
                text(d.rationale) ? el('div', { class: 'prose', text: `Rationale: ${d.rationale}` }) : null,
                safetyWarning(d, 'ho-decision-safety'),
                d.stale_confirmed === true
                  ? el('div', { class: 'prose', text: 'Decided on an analysis past the stale limit, confirmed.' })
                  : null,
                text(d.later_analysis_run_uid)
                  ? el('div', { class: 'prose', text: 'Taken although a later analysis of this session had arrived.' })
                  : null,
              ),
            ),
          )
        : el('p', { class: 'hint', text: 'No decision in this period.' }),
    ),
    draft
      ? null
      : section(
          'Notes',
          'ho-notes',
          text(h.notes) && h.notes.trim()
            ? el('p', { class: 'prose', text: h.notes })
            : el('p', { class: 'hint', text: 'No notes.' }),
        ),
    beforeAck.length
      ? section('Notes added since the handover was made', 'ho-later-notes', el('ul', {}, beforeAck.map(noteItem)))
      : null,
    acked ? section('Acknowledgement', 'ho-ack-block', el('p', { class: 'ho-ack-words', text: `${acked}.` })) : null,
    afterAck.length
      ? section('Notes added after the acknowledgement', 'ho-after-ack-notes', el('ul', {}, afterAck.map(noteItem)))
      : null,
  );
}

function section(title, cls, body) {
  return el('section', { class: `ho-section ${cls}` }, el('h4', { text: title }), body);
}

function runItem(r, byUid) {
  const decided = list(r.decision_uids)
    .map((uid) => byUid.get(uid))
    .filter(Boolean);
  return el(
    'li',
    { class: 'ho-run', dataset: { run: text(r.run_uid) ?? '' } },
    el(
      'div',
      { class: 'meta' },
      num(r.started_ms) === null ? null : el('span', { text: zulu(r.started_ms) }),
      text(r.environment) ? el('span', { text: r.environment }) : null,
      text(r.status) ? el('span', { class: 'outcome-badge', dataset: { status: r.status }, text: r.status }) : null,
    ),
    text(r.prompt) ? el('p', { class: 'prompt', text: r.prompt }) : null,
    text(r.headline) ? el('p', {}, el('strong', { text: 'Arbitrator: ' }), r.headline) : null,
    text(r.recommended) ? el('p', {}, el('strong', { text: 'Recommended: ' }), r.recommended) : null,
    decided.length
      ? decided.map((d) =>
          el(
            'div',
            { class: 'ho-run-decision-block', dataset: { safety: String(!!safetyWords(d)) } },
            el(
              'p',
              { class: 'ho-run-decision' },
              el('strong', { text: 'Decided: ' }),
              decisionLine(d),
              text(d.superseded_by) ? ' (superseded)' : '',
            ),
            safetyWarning(d, 'ho-run-safety'),
          ),
        )
      : r.status === 'complete'
        ? el('p', { class: 'hint', text: 'No decision recorded on this run.' })
        : null,
  );
}

function noteItem(n) {
  return el(
    'li',
    { class: 'ho-note', dataset: { afterAck: String(n.after_ack === true) } },
    el(
      'div',
      { class: 'meta' },
      num(n.created_ms) === null ? null : el('span', { text: zuluAndLocal(n.created_ms) }),
      text(n.operator) ? el('span', { text: n.operator }) : null,
      n.after_ack === true ? el('strong', { text: 'added after the acknowledgement' }) : null,
    ),
    el('p', { class: 'prose', text: text(n.text) ?? '' }),
  );
}
