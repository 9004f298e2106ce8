// A decision in words, the same wherever it is shown (the run view, the
// history, the handover): the action with its option, who took it, and
// the design's safety rule, which decides what must be acknowledged.

import { list, obj, text } from '../dom.js';
import { agentName } from '../format.js';

/** An option id as text, for comparing ids the server may send as numbers or strings. */
export function optionId(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** `Option 2 · Delay and swap` from `{solution_id, title}`. */
export function optionLabel(option) {
  const o = obj(option) ?? {};
  const id = optionId(o.solution_id);
  return `Option ${id ?? '(no id)'} · ${text(o.title) ?? 'untitled'}`;
}

/** `Accepted option 2 · Delay and swap`, `Modified …`, `Rejected every option`. */
export function actionWords(decision) {
  const d = obj(decision) ?? {};
  if (d.action === 'reject') return 'Rejected every option';
  const option = obj(d.option) ? optionLabel(d.option).replace(/^Option/, 'option') : 'an option not recorded';
  if (d.action === 'accept') return `Accepted ${option}`;
  if (d.action === 'modify') return `Modified ${option}`;
  return `${text(d.action) ?? 'Decided'}: ${option}`;
}

/** `Jane Doe (jdoe@ops-3)`: the operator name, then the OS user and host when recorded. */
export function whoWords(decision) {
  const d = obj(decision) ?? {};
  const account = [text(d.os_user), text(d.host)].filter(Boolean).join('@');
  const name = text(d.operator) ?? 'no operator name';
  return account ? `${name} (${account})` : name;
}

/** `Crew compliance: max duty 13 h`, a safety constraint as the window lists it. */
export function constraintWords(constraint) {
  const c = obj(constraint) ?? {};
  return `${text(c.agent) ? agentName(c.agent) : 'A safety agent'}: ${text(c.constraint) ?? ''}`;
}

/**
 * The safety constraints a decision must acknowledge by name: every one
 * the analysis carries when an option other than the arbitrator's
 * recommended one is accepted or modified; none for the recommended
 * option or for rejecting all (the arbitrator weighed them).
 */
export function constraintsToAcknowledge(context, action, solutionId) {
  if (action !== 'accept' && action !== 'modify') return [];
  if (solutionId === null) return [];
  const recommended = optionId(context.recommended_solution_id);
  if (recommended !== null && recommended === solutionId) return [];
  return list(context.safety_constraints).filter((c) => obj(c) && text(c.constraint));
}

/** The first `n` characters of a hash, for the eye; the whole one goes in a title and a copy. */
export function shortHash(hash, n = 12) {
  return typeof hash === 'string' ? hash.slice(0, n) : null;
}
