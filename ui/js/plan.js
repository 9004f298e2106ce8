// The recovery plan of one option: steps with owner, duration, what they
// wait for and whether they can be automated; the critical path marked;
// each step's action, parameters, success criteria and rollback; the
// contingency plans; and anything else the plan or a step carries.

import { el, list, num, obj, text } from './dom.js';
import { agentName, idText, MISSING, numberText } from './format.js';
import { describe, extraLines } from './impacts.js';
import { childPath, linesBlock, linesList } from './lines.js';
import { optionPath } from './options.js';

// What the table and its lines show in their own places; any other key of
// a step or of the plan is listed with its label.
const STEP_SHOWN = [
  'step_number',
  'step_name',
  'description',
  'responsible_agent',
  'estimated_duration',
  'dependencies',
  'automation_possible',
  'action_type',
  'success_criteria',
  'rollback_procedure',
];
const PLAN_SHOWN = [
  'steps',
  'critical_path',
  'contingency_plans',
  'estimated_total_duration',
  'total_steps',
  'solution_id',
];
const CONTINGENCY_SHOWN = ['trigger', 'action', 'responsible_agent'];

/** The plan of `option` (any option, not only the recommended one), the `index`-th of the decision's. */
export function planSection(option, index, isRecommended) {
  const plan = obj(option?.recovery_plan);
  const steps = list(plan?.steps)
    .map((step, i) => ({ step: obj(step), i }))
    .filter((s) => s.step !== null);
  const path = option && index !== null ? `${optionPath(index)}.recovery_plan` : 'recovery_plan';
  const title = option
    ? `Recovery plan · Option ${idText(option.solution_id) ?? '?'}${isRecommended ? ' (recommended)' : ''}`
    : 'Recovery plan';
  const head = el('h3', { id: 'plan-title', text: title });
  if (!steps.length) {
    return el(
      'section',
      { class: 'card plan', 'aria-labelledby': 'plan-title', dataset: { path } },
      head,
      el('p', { class: 'missing', text: `Recovery plan ${MISSING}.` }),
    );
  }
  const critical = new Set(list(plan.critical_path).map(idText).filter(Boolean));
  const rows = steps.map(({ step, i }) => stepRow(step, `${path}.steps[${i}]`, critical));
  const route = [...critical];
  const total = num(plan.total_steps);
  const other = extraLines(plan, PLAN_SHOWN);
  return el(
    'section',
    { class: 'card plan', 'aria-labelledby': 'plan-title', dataset: { path } },
    head,
    el(
      'p',
      { class: 'hint' },
      total !== null ? `${numberText(total)} step${total === 1 ? '' : 's'}. ` : '',
      text(plan.estimated_total_duration) ? `Estimated total: ${plan.estimated_total_duration}. ` : '',
      route.length ? `Critical path: step ${route.join(' → ')}.` : 'No critical path given.',
    ),
    el(
      'div',
      { class: 'table-wrap' },
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['#', 'Step', 'Owner', 'Duration', 'After', 'Automatable'].map((h) => el('th', { scope: 'col', text: h })),
          ),
        ),
        el('tbody', {}, rows),
      ),
    ),
    contingencies(plan.contingency_plans, path),
    other.length ? linesBlock('Other details of the plan', other, path, 'other-details') : null,
  );
}

function stepRow(step, path, critical) {
  const number = idText(step.step_number);
  const onPath = critical.has(number);
  const deps = list(step.dependencies).map(idText).filter(Boolean);
  const criteria = text(step.success_criteria);
  const rollback = text(step.rollback_procedure);
  const extras = extraLines(step, STEP_SHOWN);
  return el(
    'tr',
    { class: onPath ? 'critical' : undefined, dataset: { path } },
    el('td', { class: 'num', text: number ?? '?' }),
    el(
      'td',
      {},
      el('strong', { text: text(step.step_name) ?? 'Unnamed step' }),
      text(step.action_type) && el('span', { class: 'tag action', text: step.action_type }),
      onPath && el('span', { class: 'tag', text: 'critical path' }),
      el('div', { class: 'step-description', text: text(step.description) ?? '' }),
      criteria && el('div', { class: 'step-extra' }, el('span', { class: 'label', text: 'Done when: ' }), criteria),
      el(
        'div',
        { class: 'step-extra' },
        el('span', { class: 'label', text: 'Rollback: ' }),
        rollback ?? el('span', { class: 'missing', text: 'none given' }),
      ),
      extras.length ? el('div', { class: 'step-extra step-lines' }, linesList(extras, path)) : null,
    ),
    el('td', { 'data-label': 'Owner', text: text(step.responsible_agent) ? agentName(step.responsible_agent) : '—' }),
    el('td', { 'data-label': 'Duration', text: text(step.estimated_duration) ?? '—' }),
    el('td', { 'data-label': 'After', text: deps.length ? deps.join(', ') : '—' }),
    el('td', {
      'data-label': 'Automatable',
      text: step.automation_possible === true ? 'Yes' : step.automation_possible === false ? 'No' : '—',
    }),
  );
}

function contingencies(value, path) {
  const plans = list(value)
    .map((p, i) => ({ p: obj(p), i }))
    .filter((c) => c.p !== null);
  if (!plans.length) return el('p', { class: 'hint', text: 'No contingency plan given.' });
  return el(
    'div',
    { class: 'contingency' },
    el('h4', { text: 'Contingency plans' }),
    el(
      'ul',
      {},
      plans.map(({ p, i }) => {
        const at = childPath(path, `contingency_plans[${i}]`);
        const extras = extraLines(p, CONTINGENCY_SHOWN);
        return el(
          'li',
          { dataset: { path: at } },
          el('strong', { text: 'If ' }),
          text(p.trigger) ?? MISSING,
          el('strong', { text: ': ' }),
          text(p.action) ?? MISSING,
          text(p.responsible_agent) ? ` (${agentName(p.responsible_agent)})` : '',
          extras.length ? linesList(extras, at) : null,
        );
      }),
    ),
  );
}

/** The plan as plain text, for a handover. */
export function planText(option) {
  const plan = obj(option?.recovery_plan);
  const steps = list(plan?.steps).map(obj).filter(Boolean);
  if (!steps.length) return 'Recovery plan: not provided.';
  const critical = new Set(list(plan.critical_path).map(idText));
  const total = text(plan.estimated_total_duration) ? `, ${plan.estimated_total_duration}` : '';
  return [
    `Recovery plan (option ${idText(option.solution_id) ?? '?'}${total}):`,
    ...steps.map((s) => {
      const n = idText(s.step_number) ?? '?';
      const deps = list(s.dependencies).map(idText).filter(Boolean);
      const parameters = obj(s.parameters) ? ` (${describe(s.parameters)})` : '';
      const owner = text(s.responsible_agent) ? agentName(s.responsible_agent) : 'no owner';
      const duration = text(s.estimated_duration) ?? 'no duration';
      const after = deps.length ? `, after ${deps.join(', ')}` : '';
      const path = critical.has(n) ? ' [critical path]' : '';
      return `${n}. ${text(s.step_name) ?? 'Unnamed step'}${parameters}, ${owner}, ${duration}${after}${path}`;
    }),
  ].join('\n');
}
