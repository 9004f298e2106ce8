// The options side by side: scores as bars, passenger, financial and
// network impact, pros, cons and risks, and how each differs from the
// recommended one. Each card can show its own recovery plan.

import { el, list, num, obj, text } from './dom.js';
import { MISSING, formatScore, idText } from './format.js';

const SCORES = [
  ['composite_score', 'Composite'],
  ['safety_score', 'Safety'],
  ['cost_score', 'Cost'],
  ['passenger_score', 'Passengers'],
  ['network_score', 'Network'],
];

/** The options section; `onPlan(option)` shows an option's plan. */
export function optionsSection(options, recommendedId, onPlan) {
  if (!options.length) {
    return el('section', { class: 'card' }, el('h3', { text: 'Options' }),
      el('p', { class: 'missing', text: `Solution options ${MISSING}.` }));
  }
  const recommended = options.find((o) => idText(o.solution_id) === recommendedId) ?? null;
  return el('section', { class: 'options-section', 'aria-label': 'Solution options' },
    el('h3', { text: `Options (${options.length})` }),
    el('div', { class: 'options' }, options.map((o) => optionCard(o, recommended, onPlan))));
}

function optionCard(option, recommended, onPlan) {
  const id = idText(option.solution_id);
  const isRecommended = recommended !== null && option === recommended;
  const composite = num(option.composite_score);
  const planButton = el('button', { type: 'button', class: 'link', text: 'Show its recovery plan', 'aria-label': `Show the recovery plan of option ${id ?? '?'}` });
  planButton.addEventListener('click', () => onPlan(option));
  return el('article', { class: isRecommended ? 'card option recommended' : 'card option', dataset: { option: id ?? '' } },
    el('div', { class: 'card-head' },
      el('span', { class: 'option-id', text: `Option ${id ?? '?'}` }),
      isRecommended && el('span', { class: 'badge', text: 'Recommended' })),
    el('h4', { text: text(option.title) ?? 'Untitled option' }),
    el('div', { class: 'composite' },
      el('span', { class: 'score', text: composite === null ? '—' : formatScore(composite) }),
      el('span', { class: 'label', text: 'composite / 100' })),
    el('dl', { class: 'bars' }, SCORES.slice(1).map(([key, label]) => scoreBar(label, num(option[key])))),
    !isRecommended && recommended ? versus(option, recommended) : null,
    impacts(option),
    el('p', { class: 'description', text: text(option.description) ?? `Description ${MISSING}.` }),
    text(option.safety_compliance) && el('p', { class: 'hint' }, el('strong', { text: 'Safety: ' }), option.safety_compliance),
    bullets('Pros', option.pros),
    bullets('Cons', option.cons),
    bullets('Risks', option.risks),
    planButton);
}

/** How an option differs from the recommended one, score by score. */
function versus(option, recommended) {
  const parts = SCORES.map(([key, label]) => {
    const a = num(option[key]);
    const b = num(recommended[key]);
    if (a === null || b === null || a === b) return null;
    const d = a - b;
    return el('span', { class: d > 0 ? 'delta up' : 'delta down', text: `${label} ${d > 0 ? '+' : '−'}${formatScore(Math.abs(d))}` });
  }).filter(Boolean);
  return el('p', { class: 'versus' }, el('span', { class: 'label', text: 'Against the recommended: ' }),
    parts.length ? parts : 'same scores');
}

function impacts(option) {
  const passengers = obj(option.passenger_impact) ?? {};
  const money = obj(option.financial_impact) ?? {};
  const network = obj(option.network_impact) ?? {};
  const cost = num(money.total_estimated_cost);
  const downstream = num(network.downstream_flights_affected);
  return el('dl', { class: 'facts' },
    fact('Delay', num(passengers.delay_minutes) === null ? null : `${passengers.delay_minutes} min`),
    fact('Passengers', num(passengers.total_passengers)),
    fact('Connecting', num(passengers.connecting_passengers)),
    fact('Missed connections', num(passengers.missed_connections)),
    fact('Compensation', typeof passengers.compensation_required === 'boolean' ? (passengers.compensation_required ? 'required' : 'none') : null),
    fact('Cost', cost === null ? null : `${cost.toLocaleString('en')} ${text(money.currency) ?? ''}`.trim()),
    fact('Downstream flights', downstream),
    fact('Rotation', typeof network.rotation_preserved === 'boolean' ? (network.rotation_preserved ? 'preserved' : 'broken') : null),
    fact('Network', text(network.network_propagation)),
    fact('Duration', text(option.estimated_duration)));
}

function scoreBar(label, value) {
  const bar = el('span', { class: 'bar', role: 'img', 'aria-label': `${label} ${value === null ? 'not provided' : formatScore(value)} of 100` }, el('span', { class: 'fill' }));
  if (value !== null) bar.style.setProperty('--value', String(Math.max(0, Math.min(100, value))));
  return [
    el('dt', { text: label }),
    el('dd', {}, bar, el('span', { class: 'value', text: value === null ? '—' : formatScore(value) })),
  ];
}

function fact(label, value) {
  return [el('dt', { text: label }), el('dd', { text: value ?? '—', class: value === null ? 'missing' : undefined })];
}

function bullets(title, value) {
  const items = list(value).map(text).filter((t) => t !== null);
  if (!items.length) return null;
  return el('div', { class: `bullets ${title.toLowerCase()}` },
    el('h5', { text: title }), el('ul', {}, items.map((t) => el('li', { text: t }))));
}
