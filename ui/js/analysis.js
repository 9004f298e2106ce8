// The analysis as a duty manager reads it: the decision first, with every
// warning impossible to miss; then what changed since the session's
// previous analysis, the recommendations, the options side by side, a
// recovery plan, the agents, the conflicts, and the arbitrator's reasoning
// with the timings and ids. Every field may be missing or of another
// shape: what is missing is shown as missing, never guessed. Server text
// reaches the DOM only as text nodes (`el`) or through `markdown`.

import { agentRounds, agentsSection, conflictsSection, failedAgents } from './agents.js';
import { belowFold, layOutNow, layOutWhenIdle } from './belowfold.js';
import { copyText, el, list, num, obj, text } from './dom.js';
import { agentName, formatScore, idText, level, MISSING, percent, seconds } from './format.js';
import { describe, extraLines, linesText, optionDetails } from './impacts.js';
import { linesBlock } from './lines.js';
import { markdown, markdownDetails } from './markdown.js';
import { optionEntries, optionsSection } from './options.js';
import { planSection, planText } from './plan.js';
import { zuluAndLocal } from './when.js';

// The decision's keys the view shows in its own places; any other is
// listed under "Other details" (recommendation_evolution's too, beyond the
// evolution the agents section shows).
const DECISION_SHOWN = [
  'final_decision',
  'recommendations',
  'conflicts_identified',
  'conflict_resolutions',
  'safety_overrides',
  'justification',
  'reasoning',
  'confidence',
  'timestamp',
  'model_used',
  'duration_seconds',
  'solution_options',
  'recommended_solution_id',
  'recommendation_evolution',
  'fallback_used',
  'warning',
];
const EVOLUTION_SHOWN = ['evolution_details', 'analysis_summary'];

/**
 * Renders the analysis document into `root`; `previous` is the session's
 * last one. What the duty manager reads first (the decision, which names
 * the recommended option, and what changed) is in `root` when this
 * returns. Once that is painted, every other section follows in one task,
 * below it, so nothing on screen moves. Those after the recommendations
 * are laid out once on screen, or in the window's idle periods after
 * (`belowfold.js`).
 *
 * `painted()` is called once the first part is painted, `optionsIn()` once
 * the options are in the page, `whole(error)` once the rest is in (with the
 * exception that stopped a section, if one did), `wholePainted()` once
 * that is painted, and `laidOut()` once the last section is laid out,
 * unless `root` was cleared or rendered into again first (a later chunk,
 * another run): then the rest is dropped. With `atOnce`, every section is
 * in `root`, laid out as usual, when this returns, and no callback is
 * called.
 */
export function renderAnalysis(
  root,
  doc,
  previous = null,
  {
    painted = () => {},
    optionsIn = () => {},
    whole = () => {},
    wholePainted = () => {},
    laidOut = () => {},
    atOnce = false,
  } = {},
) {
  const decision = obj(doc.final_decision) ?? {};
  const { entries, recommended, recommendedIndex } = choices(decision);
  const planSlot = el('div', { class: 'plan-slot' });
  const showPlan = (option, index) => {
    // Focus does not bring a section the browser has not laid out yet onto the screen.
    layOutNow(planSlot);
    planSlot.replaceChildren(planSection(option, index, option === recommended));
    planSlot.querySelector('h3')?.setAttribute('tabindex', '-1');
    planSlot.querySelector('h3')?.focus();
  };
  // Never a null among replaceChildren's arguments: the DOM writes it as the text "null".
  const card = decisionCard(doc, decision, recommended);
  root.replaceChildren(...[card, previous ? changesCard(previous, doc) : null].filter(Boolean));
  // The recommendations are a few lines, never skipped: the options below
  // them then start where they will stay.
  const recommendations = () => recommendationsSection(decision);
  const sections = [
    recommendations,
    () => optionsSection(entries, recommended, showPlan),
    () => {
      planSlot.append(planSection(recommended, recommendedIndex, true));
      return planSlot;
    },
    () => agentsSection(doc),
    () => conflictsSection(decision),
    () => detailsSection(doc, decision),
  ];
  if (atOnce) {
    for (const section of sections) root.append(section());
    return;
  }
  const current = () => card.parentNode === root;
  afterNextPaint(() => {
    painted();
    if (!current()) return;
    // One task: with a task per part, WebKit laid out and painted between
    // them, and the whole analysis took about 40 ms longer.
    let failure = null;
    try {
      for (const section of sections) root.append(section === recommendations ? section() : belowFold(section()));
    } catch (error) {
      failure = error;
    }
    optionsIn();
    // The sections that did go in are laid out all the same; the idle
    // pass starts after `wholePainted`, so none of it counts in that figure.
    afterNextPaint(() => {
      if (!current()) return;
      wholePainted();
      layOutWhenIdle(root, current, laidOut);
    });
    whole(failure ?? undefined);
  });
}

/** Runs `then` once the browser has painted what is in the page now. */
export function afterNextPaint(then) {
  requestAnimationFrame(() => setTimeout(then, 0));
}

/**
 * The decision's options and the one it recommends: `null` unless it names
 * an option that exists (an option without an id is never guessed to be it).
 */
function choices(decision) {
  const entries = optionEntries(decision);
  const recommendedId = idText(decision.recommended_solution_id);
  const entry =
    recommendedId === null ? null : (entries.find((e) => idText(e.option.solution_id) === recommendedId) ?? null);
  return { entries, recommended: entry?.option ?? null, recommendedIndex: entry?.index ?? null };
}

/** Shows the partial results a streaming orchestrator sends first. */
export function renderPartials(root, partials) {
  const items = partials.map((partial) => {
    const p = obj(partial) ?? {};
    const name = text(p.agent_name) ? agentName(p.agent_name) : 'An agent';
    const confidence = num(p.confidence);
    return el(
      'li',
      {},
      el('strong', { text: name }),
      confidence === null ? ' reported' : ` reported (confidence ${percent(confidence)})`,
    );
  });
  root.replaceChildren(
    el(
      'section',
      { class: 'card partials' },
      el('h3', { text: 'Partial results' }),
      el('p', { class: 'hint', text: 'Agents that have reported so far; the full assessment follows.' }),
      el('ul', {}, items),
    ),
  );
}

/** Every warning a decision carries, in words. */
export function alerts(doc) {
  const decision = obj(doc.final_decision) ?? {};
  const out = [];
  if (text(decision.warning)) out.push(decision.warning);
  else if (decision.fallback_used === true)
    out.push('The arbitrator fell back to a conservative plan. Manual review recommended.');
  const overrides = list(decision.safety_overrides).length;
  if (overrides)
    out.push(
      `${overrides} safety override${overrides === 1 ? '' : 's'}: ` +
        "a safety agent's binding constraint overruled other agents (see Conflicts).",
    );
  out.push(...failedAgents(agentRounds(doc)));
  return out;
}

function decisionCard(doc, decision, recommended) {
  const confidence = num(decision.confidence);
  const warnings = alerts(doc);
  const copy = el('button', { type: 'button', id: 'copy-decision', text: 'Copy decision and plan' });
  const copied = el('span', { class: 'hint', 'aria-live': 'polite' });
  copy.addEventListener('click', async () => {
    copied.textContent = (await copyText(decisionText(doc)))
      ? 'Copied.'
      : 'The clipboard refused; select the text instead.';
  });
  return el(
    'section',
    { class: 'card decision', 'aria-labelledby': 'decision-title' },
    el(
      'div',
      { class: 'card-head' },
      el('h3', { id: 'decision-title', text: 'Decision' }),
      el(
        'span',
        { class: 'confidence', dataset: { level: level(confidence) } },
        confidence === null ? 'confidence not provided' : `${percent(confidence)} confidence`,
      ),
    ),
    warnings.length
      ? el(
          'ul',
          { class: 'banner warning alerts', 'aria-label': 'Warnings' },
          warnings.map((w) => el('li', {}, el('strong', { text: 'Warning: ' }), w)),
        )
      : null,
    el('p', { class: 'verdict', text: text(decision.final_decision) ?? 'The arbitrator gave no decision text.' }),
    recommended
      ? el(
          'p',
          { class: 'recommended-line' },
          'Recommended: ',
          el('strong', {
            text: `Option ${idText(recommended.solution_id)} · ${text(recommended.title) ?? 'untitled'}`,
          }),
        )
      : el('p', { class: 'missing', text: 'No recommended option is named.' }),
    el('div', { class: 'actions' }, copy, copied),
  );
}

/** The decision and the recommended plan as plain text, for a handover. */
export function decisionText(doc) {
  const decision = obj(doc.final_decision) ?? {};
  const { recommended } = choices(decision);
  const confidence = num(decision.confidence);
  const details = recommended ? optionDetails(recommended) : null;
  return [
    `Decision: ${text(decision.final_decision) ?? MISSING}`,
    confidence === null ? null : `Confidence: ${percent(confidence)}`,
    ...alerts(doc).map((w) => `Warning: ${w}`),
    recommended
      ? `Recommended: option ${idText(recommended.solution_id)} · ${text(recommended.title) ?? 'untitled'}` +
        ` (composite ${num(recommended.composite_score) ?? '?'})`
      : 'Recommended: none named',
    ...list(decision.recommendations)
      .map((r) => (typeof r === 'string' ? r : describe(r)))
      .map((r) => `- ${r}`),
    ...(details ? linesText(details.impacts, '  ') : []),
    ...(details?.other.length ? ['  Other details:', ...linesText(details.other, '    ')] : []),
    '',
    planText(recommended),
  ]
    .filter((line) => line !== null)
    .join('\n');
}

function changesCard(previous, doc) {
  const before = obj(previous.final_decision) ?? {};
  const after = obj(doc.final_decision) ?? {};
  const items = [];
  if (text(before.final_decision) !== text(after.final_decision))
    items.push(
      el('li', {}, el('strong', { text: 'Decision changed. ' }), `Before: ${text(before.final_decision) ?? MISSING}`),
    );
  const title = (d) => {
    const o = choices(d).recommended;
    return o ? `option ${idText(o.solution_id)} · ${text(o.title) ?? 'untitled'}` : 'none';
  };
  if (title(before) !== title(after))
    items.push(
      el('li', {}, el('strong', { text: 'Recommended option changed: ' }), `${title(before)} → ${title(after)}`),
    );
  const scores = new Map(
    list(before.solution_options)
      .map(obj)
      .filter(Boolean)
      .map((o) => [text(o.title) ?? idText(o.solution_id), num(o.composite_score)]),
  );
  for (const o of list(after.solution_options).map(obj).filter(Boolean)) {
    const key = text(o.title) ?? idText(o.solution_id);
    const was = scores.get(key);
    const now = num(o.composite_score);
    const score = (n) => (n === null ? '?' : formatScore(n));
    if (was === undefined) items.push(el('li', { text: `New option: ${key} (composite ${score(now)})` }));
    else if (was !== now) items.push(el('li', { text: `${key}: composite ${score(was)} → ${score(now)}` }));
    scores.delete(key);
  }
  for (const key of scores.keys()) items.push(el('li', { text: `Option no longer offered: ${key}` }));
  const constraints = (d) =>
    new Set(
      agentRounds(d).flatMap((a) =>
        list((a.revision ?? a.first)?.binding_constraints).map((c) => `${agentName(a.key)}: ${text(c) ?? describe(c)}`),
      ),
    );
  const was = constraints(previous);
  const now = constraints(doc);
  for (const c of now) if (!was.has(c)) items.push(el('li', { text: `New constraint: ${c}` }));
  for (const c of was) if (!now.has(c)) items.push(el('li', { text: `Constraint gone: ${c}` }));
  return el(
    'section',
    { class: 'card changes', 'aria-labelledby': 'changes-title' },
    el('h3', { id: 'changes-title', text: 'Changes since the previous analysis in this session' }),
    items.length
      ? el('ul', {}, items)
      : el('p', { class: 'hint', text: 'Same decision, same recommended option, same scores and constraints.' }),
  );
}

function recommendationsSection(decision) {
  const items = list(decision.recommendations)
    .filter((r) => r !== null)
    .map((r) => (typeof r === 'string' ? r : describe(r)));
  return el(
    'section',
    { class: 'card recommendations' },
    el('h3', { text: 'Recommendations' }),
    items.length
      ? el(
          'ol',
          {},
          items.map((t) => el('li', { text: t })),
        )
      : el('p', { class: 'missing', text: `Recommendations ${MISSING}.` }),
  );
}

function detailsSection(doc, decision) {
  const phase = (key, label) => (num(doc[key]) === null ? null : `${label} ${seconds(doc[key])}`);
  const timings = [
    phase('phase1_duration_seconds', 'first round'),
    phase('phase2_duration_seconds', 'revision round'),
    phase('phase3_duration_seconds', 'arbitration'),
    phase('total_duration_seconds', 'total'),
  ].filter(Boolean);
  const stamp = Date.parse(text(decision.timestamp) ?? '');
  const arbitration = num(decision.duration_seconds);
  const row = (label, value, code = false) => [
    el('dt', { text: label }),
    el(
      'dd',
      { class: value === null ? 'missing' : undefined },
      value === null ? MISSING : code ? el('code', { text: value }) : value,
    ),
  ];
  return el(
    'section',
    { class: 'card details', 'aria-labelledby': 'details-title' },
    el('h3', { id: 'details-title', text: "The arbitrator's reasoning, timings and ids" }),
    text(decision.justification) &&
      el(
        'details',
        { class: 'round', open: 'open' },
        el('summary', { text: 'Justification' }),
        markdown(decision.justification),
      ),
    text(decision.reasoning) && markdownDetails('Reasoning', decision.reasoning),
    el(
      'dl',
      { class: 'facts wide' },
      row('Timings', timings.length ? timings.join(' · ') : null),
      row('Arbitration', arbitration === null ? null : seconds(arbitration)),
      // A timestamp that is not a date is still what the server said.
      row('Decided at', Number.isFinite(stamp) ? zuluAndLocal(stamp) : text(decision.timestamp)),
      row('Model', text(decision.model_used), true),
      row('Thread', text(doc.thread_id), true),
      row('Status', text(doc.status)),
    ),
    decisionExtras(decision),
  );
}

/**
 * The decision's keys shown nowhere else, and recommendation_evolution's
 * beyond the evolution the agents section shows, as titled blocks.
 */
function decisionExtras(decision) {
  const blocks = [];
  const other = extraLines(decision, DECISION_SHOWN);
  if (other.length) blocks.push(linesBlock('Other details', other, 'final_decision', 'other-details'));
  const evolution = decision.recommendation_evolution;
  const lines = obj(evolution)
    ? extraLines(evolution, EVOLUTION_SHOWN)
    : evolution === undefined || evolution === null
      ? []
      : extraLines({ recommendation_evolution: evolution }, []);
  if (lines.length) {
    const base = obj(evolution) ? 'final_decision.recommendation_evolution' : 'final_decision';
    blocks.push(linesBlock('Recommendation evolution', lines, base, 'other-details'));
  }
  return blocks;
}
