// One recorded decision as the duty manager answers for it later: the
// action and the option as it was shown, who (operator, OS user and host),
// when (UTC and local), the rationale, the safety constraints acknowledged,
// how fresh the analysis was, and the analysis's SHA-256. A superseded
// decision stays on screen and says in words what superseded it.

import { button, copyText, el, list, num, obj, text } from '../dom.js';
import { spanWords } from '../freshness.js';
import { zulu, zuluAndLocal } from '../when.js';
import { actionWords, constraintWords, shortHash, whoWords } from './words.js';

/**
 * The decision `view` (a DecisionView: the record's body plus `seq`,
 * `hash` and `superseded_by`); `all` are the run's decisions, to name a
 * superseding one; `onCorrect(view)` opens the correction form, offered
 * only on a decision still in force.
 */
export function decisionEntry(view, all, onCorrect) {
  const supersededBy = text(view.superseded_by);
  const by = supersededBy ? all.find((d) => d.uid === supersededBy) : null;
  const corrects = text(view.supersedes) ? all.find((d) => d.uid === view.supersedes) : null;
  const row = (label, ...value) => [el('dt', { text: label }), el('dd', {}, ...value)];
  const facts = [
    row('Decided by', whoWords(view)),
    num(view.decided_ms) === null ? null : row('At', zuluAndLocal(view.decided_ms)),
    text(view.modification) ? row('What changes', el('span', { class: 'prose', text: view.modification })) : null,
    row('Rationale', el('span', { class: 'prose', text: text(view.rationale) ?? '' })),
    list(view.safety_acknowledged).length
      ? row(
          'Safety acknowledged',
          el(
            'ul',
            { class: 'acknowledged' },
            list(view.safety_acknowledged).map((c) => el('li', { text: constraintWords(c) })),
          ),
        )
      : null,
    freshnessRow(view, row),
    text(view.later_analysis_run_uid)
      ? row('Later analysis', `A later analysis (run ${view.later_analysis_run_uid}) superseded the one decided on.`)
      : null,
    text(view.supersedes)
      ? row(
          'Corrects',
          corrects
            ? `The decision of ${zulu(corrects.decided_ms)} by ${text(corrects.operator) ?? 'no operator name'}.`
            : `Decision ${view.supersedes}.`,
        )
      : null,
    hashRow(view, row),
  ];
  return el(
    'article',
    {
      class: 'decision-entry',
      dataset: { uid: text(view.uid) ?? '', action: text(view.action) ?? '', superseded: String(!!supersededBy) },
      'aria-label': `${actionWords(view)}${supersededBy ? ', superseded' : ''}`,
    },
    el('h4', { class: 'decision-action', text: actionWords(view) }),
    supersededBy
      ? el('p', {
          class: 'superseded-note',
          text: by
            ? `Superseded by the correction of ${zulu(by.decided_ms)} by ${text(by.operator) ?? 'no operator name'}.`
            : `Superseded by decision ${supersededBy}.`,
        })
      : null,
    el('dl', { class: 'facts wide' }, facts.filter(Boolean)),
    obj(view.option?.as_shown)
      ? el(
          'details',
          { class: 'as-shown' },
          el('summary', { text: 'The option exactly as it was shown' }),
          el('pre', {
            class: 'md-code',
            text: JSON.stringify(view.option.as_shown, null, 2),
            dataset: { rawJson: '' },
          }),
        )
      : null,
    supersededBy
      ? null
      : el(
          'div',
          { class: 'actions' },
          button('Correct this decision', () => onCorrect(view), { cls: 'decision-correct' }),
        ),
  );
}

function freshnessRow(view, row) {
  const age = num(view.analysis_age_seconds);
  if (age === null && view.stale_confirmed !== true) return null;
  const words = age === null ? '' : `Analysed ${spanWords(age * 1000)} before the decision.`;
  const stale = view.stale_confirmed === true ? ' It was past the stale limit; the duty manager chose to decide.' : '';
  return row('Analysis age', `${words}${stale}`.trim());
}

function hashRow(view, row) {
  const hash = text(view.analysis_sha256);
  if (!hash) return null;
  const copied = el('span', { class: 'hint', 'aria-live': 'polite' });
  const copy = button(
    'Copy',
    async () => {
      copied.textContent = (await copyText(hash)) ? 'Copied.' : 'The clipboard refused; select the text instead.';
    },
    { cls: 'link', label: 'Copy the analysis SHA-256' },
  );
  return row(
    'Analysis SHA-256',
    el('code', { class: 'analysis-hash', title: hash, dataset: { hash }, text: `${shortHash(hash)}…` }),
    ' ',
    copy,
    copied,
  );
}
