// The analysis as a duty manager reads it: the decision first, then the
// recommendations, the options side by side with their scores, and the
// recommended option's recovery plan. Every field may be missing or of
// another shape: what is missing is shown as missing, never guessed.
// Server text reaches the DOM only through `el`, as text nodes.

import { el, list, num, obj, text } from './dom.js';

const MISSING = 'not provided';
const SCORES = [
  ['safety_score', 'Safety'],
  ['cost_score', 'Cost'],
  ['passenger_score', 'Passengers'],
  ['network_score', 'Network'],
];

/** Renders the full analysis document into `root`. */
export function renderAnalysis(root, doc) {
  const decision = obj(doc.final_decision) ?? {};
  const options = list(decision.solution_options).map(obj).filter(Boolean);
  const recommendedId = idText(decision.recommended_solution_id);
  const recommended = options.find((o) => idText(o.solution_id) === recommendedId) ?? null;
  root.replaceChildren(
    decisionCard(decision, recommended),
    recommendationsSection(decision),
    optionsSection(options, recommendedId),
    planSection(recommended),
  );
}

/** Shows the partial results a streaming orchestrator sends first. */
export function renderPartials(root, partials) {
  const items = partials.map((partial) => {
    const p = obj(partial) ?? {};
    const name = text(p.agent_name) ?? 'an agent';
    const confidence = num(p.confidence);
    return el('li', {}, el('strong', { text: name }),
      confidence === null ? ' reported' : ` reported (confidence ${percent(confidence)})`);
  });
  root.replaceChildren(el('section', { class: 'card partials' },
    el('h3', { text: 'Partial results' }),
    el('p', { class: 'hint', text: 'Agents that have reported so far; the full assessment follows.' }),
    el('ul', {}, items)));
}

function decisionCard(decision, recommended) {
  const confidence = num(decision.confidence);
  const warning = text(decision.warning) ?? (decision.fallback_used === true
    ? 'The arbitrator fell back to a conservative plan.' : null);
  return el('section', { class: 'card decision', 'aria-labelledby': 'decision-title' },
    el('div', { class: 'card-head' },
      el('h3', { id: 'decision-title', text: 'Decision' }),
      el('span', { class: 'confidence', dataset: { level: level(confidence) } },
        confidence === null ? 'confidence not provided' : `${percent(confidence)} confidence`)),
    warning && el('p', { class: 'banner warning', role: 'note' }, el('strong', { text: 'Warning: ' }), warning),
    el('p', { class: 'verdict', text: text(decision.final_decision) ?? 'The arbitrator gave no decision text.' }),
    recommended && el('p', { class: 'recommended-line' },
      'Recommended: ', el('strong', { text: `Option ${idText(recommended.solution_id)} · ${text(recommended.title) ?? 'untitled'}` })));
}

function recommendationsSection(decision) {
  const items = list(decision.recommendations).map(text).filter((t) => t !== null);
  return el('section', { class: 'card recommendations' },
    el('h3', { text: 'Recommendations' }),
    items.length ? el('ol', {}, items.map((t) => el('li', { text: t })))
      : el('p', { class: 'missing', text: `Recommendations ${MISSING}.` }));
}

function optionsSection(options, recommendedId) {
  if (!options.length) {
    return el('section', { class: 'card' }, el('h3', { text: 'Options' }),
      el('p', { class: 'missing', text: `Solution options ${MISSING}.` }));
  }
  return el('section', { class: 'options-section', 'aria-label': 'Solution options' },
    el('h3', { text: `Options (${options.length})` }),
    el('div', { class: 'options' }, options.map((o) => optionCard(o, idText(o.solution_id) === recommendedId))));
}

function optionCard(option, isRecommended) {
  const composite = num(option.composite_score);
  const passengers = obj(option.passenger_impact) ?? {};
  const money = obj(option.financial_impact) ?? {};
  const cost = num(money.total_estimated_cost);
  return el('article', { class: isRecommended ? 'card option recommended' : 'card option', dataset: { option: idText(option.solution_id) ?? '' } },
    el('div', { class: 'card-head' },
      el('span', { class: 'option-id', text: `Option ${idText(option.solution_id) ?? '?'}` }),
      isRecommended && el('span', { class: 'badge', text: 'Recommended' })),
    el('h4', { text: text(option.title) ?? 'Untitled option' }),
    el('div', { class: 'composite' },
      el('span', { class: 'score', text: composite === null ? '—' : formatScore(composite) }),
      el('span', { class: 'label', text: 'composite / 100' })),
    el('dl', { class: 'bars' }, SCORES.map(([key, label]) => scoreBar(label, num(option[key])))),
    el('dl', { class: 'facts' },
      fact('Delay', num(passengers.delay_minutes) === null ? null : `${passengers.delay_minutes} min`),
      fact('Passengers', num(passengers.total_passengers)),
      fact('Missed connections', num(passengers.missed_connections)),
      fact('Cost', cost === null ? null : `${cost.toLocaleString('en')} ${text(money.currency) ?? ''}`.trim()),
      fact('Duration', text(option.estimated_duration))),
    el('p', { class: 'description', text: text(option.description) ?? `Description ${MISSING}.` }),
    bullets('Pros', option.pros),
    bullets('Cons', option.cons),
    bullets('Risks', option.risks));
}

function scoreBar(label, value) {
  const bar = el('span', { class: 'bar' }, el('span', { class: 'fill' }));
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

function planSection(option) {
  const plan = obj(option?.recovery_plan);
  const steps = list(plan?.steps).map(obj).filter(Boolean);
  const head = el('h3', { text: option ? `Recovery plan · Option ${idText(option.solution_id)}` : 'Recovery plan' });
  if (!steps.length) {
    return el('section', { class: 'card plan' }, head, el('p', { class: 'missing', text: `Recovery plan ${MISSING}.` }));
  }
  const critical = new Set(list(plan.critical_path).map(idText));
  const rows = steps.map((step) => {
    const number = idText(step.step_number);
    const onPath = critical.has(number);
    const deps = list(step.dependencies).map(idText).filter(Boolean);
    return el('tr', { class: onPath ? 'critical' : undefined },
      el('td', { class: 'num', text: number ?? '?' }),
      el('td', {}, el('strong', { text: text(step.step_name) ?? 'Unnamed step' }),
        el('div', { class: 'step-description', text: text(step.description) ?? '' }),
        onPath && el('span', { class: 'tag', text: 'critical path' })),
      el('td', { text: text(step.responsible_agent) ?? '—' }),
      el('td', { text: text(step.estimated_duration) ?? '—' }),
      el('td', { text: deps.length ? deps.join(', ') : '—' }),
      el('td', { text: step.automation_possible === true ? 'Yes' : step.automation_possible === false ? 'No' : '—' }));
  });
  return el('section', { class: 'card plan' }, head,
    text(plan.estimated_total_duration) && el('p', { class: 'hint', text: `Estimated total: ${plan.estimated_total_duration}` }),
    el('table', {},
      el('thead', {}, el('tr', {}, ['#', 'Step', 'Owner', 'Duration', 'Depends on', 'Automatable'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows)));
}

function idText(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function percent(fraction) {
  return `${Math.round(fraction * 100)}%`;
}

function formatScore(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function level(confidence) {
  if (confidence === null) return 'unknown';
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.6) return 'medium';
  return 'low';
}
