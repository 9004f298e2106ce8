// The options side by side: scores as bars, how each differs from the
// recommended one, its passenger, financial and network impact (and any
// other object it carries) from what it holds, its actions, pros, cons and
// risks, and every other detail it has. Each card can show its own
// recovery plan.

import { el, list, num, obj, text } from './dom.js';
import { formatScore, idText, level, MISSING, percent } from './format.js';
import { describe, optionDetails } from './impacts.js';
import { groupBlock, linesBlock } from './lines.js';

const SCORES = [
  ['composite_score', 'Composite'],
  ['safety_score', 'Safety'],
  ['cost_score', 'Cost'],
  ['passenger_score', 'Passengers'],
  ['network_score', 'Network'],
];

/** The path of the i-th option, as `data-path` names it. */
export function optionPath(index) {
  return `final_decision.solution_options[${index}]`;
}

/**
 * The options section. `entries` are `{ option, index }` (the index in
 * `solution_options`); `onPlan(option, index)` shows an option's plan.
 */
export function optionsSection(entries, recommended, onPlan) {
  if (!entries.length) {
    return el(
      'section',
      { class: 'card' },
      el('h3', { text: 'Options' }),
      el('p', { class: 'missing', text: `Solution options ${MISSING}.` }),
    );
  }
  return el(
    'section',
    { class: 'options-section', 'aria-label': 'Solution options' },
    el('h3', { text: `Options (${entries.length})` }),
    el(
      'div',
      { class: 'options' },
      entries.map(({ option, index }) => optionCard(option, index, recommended, onPlan)),
    ),
  );
}

function optionCard(option, index, recommended, onPlan) {
  const id = idText(option.solution_id);
  const path = optionPath(index);
  const isRecommended = recommended !== null && option === recommended;
  const composite = num(option.composite_score);
  const confidence = num(option.confidence);
  const details = optionDetails(option);
  const planButton = el('button', {
    type: 'button',
    class: 'link',
    text: 'Show its recovery plan',
    'aria-label': `Show the recovery plan of option ${id ?? '?'}`,
  });
  planButton.addEventListener('click', () => onPlan(option, index));
  return el(
    'article',
    { class: isRecommended ? 'card option recommended' : 'card option', dataset: { option: id ?? '', path } },
    el(
      'div',
      { class: 'card-head' },
      el('span', { class: 'option-id', text: `Option ${id ?? '?'}` }),
      isRecommended && el('span', { class: 'badge', text: 'Recommended' }),
    ),
    el('h4', { text: text(option.title) ?? 'Untitled option' }),
    el(
      'div',
      { class: 'composite' },
      el('span', {
        class: 'score',
        text: composite === null ? shownOr(option.composite_score, '—') : formatScore(composite),
      }),
      el('span', { class: 'label', text: 'composite / 100' }),
      confidence !== null &&
        el('span', {
          class: 'confidence',
          dataset: { level: level(confidence) },
          text: `${percent(confidence)} confidence`,
        }),
    ),
    el(
      'dl',
      { class: 'bars' },
      SCORES.slice(1).map(([key, label]) => scoreBar(label, option[key])),
    ),
    !isRecommended && recommended ? versus(option, recommended) : null,
    presentText(option.estimated_duration) !== null &&
      el(
        'dl',
        { class: 'facts' },
        el('dt', { text: 'Duration' }),
        el('dd', { text: presentText(option.estimated_duration) }),
      ),
    details.impacts.length
      ? details.impacts.map((g) => groupBlock(g, path))
      : el('p', { class: 'missing', text: `Passenger, financial and network impact ${MISSING}.` }),
    el('p', { class: 'description', text: presentText(option.description) ?? `Description ${MISSING}.` }),
    presentText(option.safety_compliance) !== null &&
      el('p', { class: 'hint' }, el('strong', { text: 'Safety: ' }), presentText(option.safety_compliance)),
    bullets('Actions', option.recommendations),
    bullets('Pros', option.pros),
    bullets('Cons', option.cons),
    bullets('Risks', option.risks),
    details.other.length ? linesBlock('Other details', details.other, path, 'other-details') : null,
    planButton,
  );
}

/** A value present in any shape, as text; `null` only when it is absent. */
function presentText(value) {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : describe(value);
}

/** What the server sent where a number was expected, or `fallback` when nothing. */
function shownOr(value, fallback) {
  return presentText(value) ?? fallback;
}

/** How an option differs from the recommended one, score by score. */
function versus(option, recommended) {
  const parts = SCORES.map(([key, label]) => {
    const a = num(option[key]);
    const b = num(recommended[key]);
    if (a === null || b === null || a === b) return null;
    const d = a - b;
    return el('span', {
      class: d > 0 ? 'delta up' : 'delta down',
      text: `${label} ${d > 0 ? '+' : '−'}${formatScore(Math.abs(d))}`,
    });
  }).filter(Boolean);
  return el(
    'p',
    { class: 'versus' },
    el('span', { class: 'label', text: 'Against the recommended: ' }),
    parts.length ? parts : 'same scores',
  );
}

/** A score's bar; a score sent as text is shown as given, without a bar. */
function scoreBar(label, raw) {
  const value = num(raw);
  const given = value === null ? presentText(raw) : formatScore(value);
  const spoken =
    value !== null ? `${label} ${given} of 100` : given === null ? `${label} ${MISSING}` : `${label} given as ${given}`;
  const bar = el('span', { class: 'bar', role: 'img', 'aria-label': spoken }, el('span', { class: 'fill' }));
  if (value !== null) bar.style.setProperty('--value', String(Math.max(0, Math.min(100, value))));
  return [
    el('dt', { text: label }),
    el('dd', {}, bar, el('span', { class: given === null ? 'value missing' : 'value', text: given ?? '—' })),
  ];
}

/** A list the server sent (or one value where a list was expected), each item as text. */
function bullets(title, value) {
  const items = (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value])
    .filter((item) => item !== null && item !== undefined)
    .map((item) => (typeof item === 'string' ? item : describe(item)));
  if (!items.length) return null;
  return el(
    'div',
    { class: `bullets ${title.toLowerCase()}` },
    el('h5', { text: title }),
    el(
      'ul',
      {},
      items.map((t) => el('li', { text: t })),
    ),
  );
}

/** The options of a decision with their indexes; anything but an object is left out. */
export function optionEntries(decision) {
  return list(decision.solution_options)
    .map((option, index) => ({ option: obj(option), index }))
    .filter((e) => e.option !== null);
}
