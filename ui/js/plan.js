// The recovery plan of one option: steps with owner, duration, what they
// wait for and whether they can be automated; the critical path marked;
// each step's success criteria and rollback; the contingency plans.

import { el, list, obj, text } from './dom.js';
import { MISSING, agentName, idText } from './format.js';

/** The plan of `option` (any option, not only the recommended one). */
export function planSection(option, isRecommended) {
  const plan = obj(option?.recovery_plan);
  const steps = list(plan?.steps).map(obj).filter(Boolean);
  const title = option ? `Recovery plan · Option ${idText(option.solution_id) ?? '?'}${isRecommended ? ' (recommended)' : ''}` : 'Recovery plan';
  const head = el('h3', { id: 'plan-title', text: title });
  if (!steps.length) {
    return el('section', { class: 'card plan', 'aria-labelledby': 'plan-title' }, head,
      el('p', { class: 'missing', text: `Recovery plan ${MISSING}.` }));
  }
  const critical = new Set(list(plan.critical_path).map(idText).filter(Boolean));
  const rows = steps.map((step) => {
    const number = idText(step.step_number);
    const onPath = critical.has(number);
    const deps = list(step.dependencies).map(idText).filter(Boolean);
    const criteria = text(step.success_criteria);
    const rollback = text(step.rollback_procedure);
    return el('tr', { class: onPath ? 'critical' : undefined },
      el('td', { class: 'num', text: number ?? '?' }),
      el('td', {}, el('strong', { text: text(step.step_name) ?? 'Unnamed step' }),
        onPath && el('span', { class: 'tag', text: 'critical path' }),
        el('div', { class: 'step-description', text: text(step.description) ?? '' }),
        criteria && el('div', { class: 'step-extra' }, el('span', { class: 'label', text: 'Done when: ' }), criteria),
        el('div', { class: 'step-extra' }, el('span', { class: 'label', text: 'Rollback: ' }),
          rollback ?? el('span', { class: 'missing', text: 'none given' }))),
      el('td', { text: text(step.responsible_agent) ? agentName(step.responsible_agent) : '—' }),
      el('td', { text: text(step.estimated_duration) ?? '—' }),
      el('td', { text: deps.length ? deps.join(', ') : '—' }),
      el('td', { text: step.automation_possible === true ? 'Yes' : step.automation_possible === false ? 'No' : '—' }));
  });
  const path = [...critical];
  return el('section', { class: 'card plan', 'aria-labelledby': 'plan-title' }, head,
    el('p', { class: 'hint' },
      text(plan.estimated_total_duration) ? `Estimated total: ${plan.estimated_total_duration}. ` : '',
      path.length ? `Critical path: step ${path.join(' → ')}.` : 'No critical path given.'),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('thead', {}, el('tr', {}, ['#', 'Step', 'Owner', 'Duration', 'After', 'Automatable'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows))),
    contingencies(plan.contingency_plans));
}

function contingencies(value) {
  const plans = list(value).map(obj).filter(Boolean);
  if (!plans.length) return el('p', { class: 'hint', text: 'No contingency plan given.' });
  return el('div', { class: 'contingency' }, el('h4', { text: 'Contingency plans' }),
    el('ul', {}, plans.map((p) => el('li', {},
      el('strong', { text: 'If ' }), text(p.trigger) ?? MISSING,
      el('strong', { text: ': ' }), text(p.action) ?? MISSING,
      text(p.responsible_agent) ? ` (${agentName(p.responsible_agent)})` : ''))));
}

/** The plan as plain text, for a handover. */
export function planText(option) {
  const plan = obj(option?.recovery_plan);
  const steps = list(plan?.steps).map(obj).filter(Boolean);
  if (!steps.length) return 'Recovery plan: not provided.';
  const critical = new Set(list(plan.critical_path).map(idText));
  return [`Recovery plan (option ${idText(option.solution_id) ?? '?'}${text(plan.estimated_total_duration) ? `, ${plan.estimated_total_duration}` : ''}):`,
    ...steps.map((s) => {
      const n = idText(s.step_number) ?? '?';
      const deps = list(s.dependencies).map(idText).filter(Boolean);
      return `${n}. ${text(s.step_name) ?? 'Unnamed step'}, ${text(s.responsible_agent) ? agentName(s.responsible_agent) : 'no owner'}, ${text(s.estimated_duration) ?? 'no duration'}${deps.length ? `, after ${deps.join(', ')}` : ''}${critical.has(n) ? ' [critical path]' : ''}`;
    })].join('\n');
}
