// The agents behind the decision: safety agents first (crew compliance,
// maintenance, regulatory), then business ones (network, guest
// experience, cargo, finance), then any agent the console does not know,
// under its own name. Each shows its recommendation, confidence, binding
// constraints, data sources and duration, and how it changed from the
// first round to the revision round. Then the conflicts, how they were
// resolved, and the safety overrides.

import { el, list, num, obj, text } from './dom.js';
import { agentName, level, MISSING, percent, seconds } from './format.js';
import { describe } from './impacts.js';
import { markdownDetails } from './markdown.js';

const SAFETY = ['crew_compliance', 'maintenance', 'regulatory'];
const BUSINESS = ['network', 'guest_experience', 'cargo', 'finance'];

/** The agents' responses per round, and their evolution, by agent key. */
export function agentRounds(doc) {
  const audit = obj(doc.audit_trail) ?? {};
  const first = obj(obj(audit.phase1_initial)?.responses) ?? {};
  const revision = obj(obj(audit.phase2_revision)?.responses) ?? {};
  const evolution = {};
  for (const e of list(obj(obj(doc.final_decision)?.recommendation_evolution)?.evolution_details)
    .map(obj)
    .filter(Boolean)) {
    if (text(e.agent_name)) evolution[e.agent_name] = e;
  }
  const keys = [...new Set([...Object.keys(first), ...Object.keys(revision), ...Object.keys(evolution)])];
  return keys.map((key) => ({
    key,
    first: obj(first[key]),
    revision: obj(revision[key]),
    evolution: evolution[key] ?? null,
  }));
}

/** Whether one round's answer failed or timed out (no status means it did not). */
function failed(response) {
  return response !== null && response !== undefined && (text(response.status) ?? 'success') !== 'success';
}

/** Agents whose answer failed or timed out in any round: never hidden. */
export function failedAgents(rounds) {
  return rounds.flatMap((a) =>
    [
      ['first round', a.first],
      ['revision round', a.revision],
    ]
      .filter(([, r]) => failed(r))
      .map(([round, r]) => {
        const how = text(r.status) === 'timeout' ? 'timed out' : 'failed';
        const why = text(r.error) ? ` (${r.error})` : '';
        return `${agentName(a.key)} ${how} in the ${round}${why}`;
      }),
  );
}

/** The agents section. */
export function agentsSection(doc) {
  const rounds = agentRounds(doc);
  if (!rounds.length) {
    return el(
      'section',
      { class: 'card agents' },
      el('h3', { text: 'Agents' }),
      el('p', { class: 'missing', text: `The agents' responses are ${MISSING}.` }),
    );
  }
  const group = (title, keys, rest) => {
    const members = rest
      ? rounds.filter((a) => ![...SAFETY, ...BUSINESS].includes(a.key))
      : keys.map((k) => rounds.find((a) => a.key === k)).filter(Boolean);
    if (!members.length) return null;
    return el(
      'div',
      { class: 'agent-group' },
      el('h4', { text: title }),
      el('div', { class: 'agent-grid' }, members.map(agentCard)),
    );
  };
  return el(
    'section',
    { class: 'card agents', 'aria-labelledby': 'agents-title' },
    el('h3', { id: 'agents-title', text: 'Agents' }),
    summaryLine(doc),
    group('Safety', SAFETY, false),
    group('Business', BUSINESS, false),
    group('Other agents', [], true),
  );
}

function summaryLine(doc) {
  const evo = obj(obj(doc.final_decision)?.recommendation_evolution);
  const summary = text(evo?.analysis_summary);
  return summary ? el('p', { class: 'hint', text: summary }) : null;
}

function agentCard(agent) {
  const latest = agent.revision ?? agent.first ?? {};
  const status = text(latest.status) ?? 'unknown';
  const anyFailed = [agent.first, agent.revision].some(failed);
  const before = num(agent.first?.confidence);
  const after = num(agent.revision?.confidence);
  const change = text(agent.evolution?.change_type);
  const constraints = list(latest.binding_constraints).map((c) => text(c) ?? describe(c));
  const added = list(agent.evolution?.binding_constraints_added).map((c) => text(c) ?? describe(c));
  const removed = list(agent.evolution?.binding_constraints_removed).map((c) => text(c) ?? describe(c));
  const sources = list(latest.data_sources).map(text).filter(Boolean);
  const duration = num(latest.duration_seconds);
  return el(
    'article',
    { class: anyFailed ? 'agent failed' : 'agent', dataset: { agent: agent.key } },
    el(
      'div',
      { class: 'card-head' },
      el('h5', { text: agentName(agent.key) }),
      el('span', { class: 'confidence', dataset: { level: level(after ?? before) } }, confidenceText(before, after)),
    ),
    el(
      'div',
      { class: 'meta' },
      el('span', {
        class: 'outcome-badge',
        dataset: { status: status === 'success' ? 'complete' : 'failed' },
        text: status,
      }),
      change && el('span', { class: 'tag', text: change }),
      duration !== null && el('span', { text: seconds(duration) }),
    ),
    anyFailed &&
      el('p', {
        class: 'banner warning',
        text: [agent.first, agent.revision]
          .filter(failed)
          .map((r) => `${text(r.status) ?? 'failed'}: ${text(r.error) ?? 'no reason given'}`)
          .join('; '),
      }),
    text(agent.evolution?.change_summary) && el('p', { class: 'change', text: agent.evolution.change_summary }),
    el(
      'div',
      { class: 'constraints' },
      el('strong', { text: 'Binding constraints: ' }),
      constraints.length
        ? el(
            'ul',
            {},
            constraints.map((c) => el('li', { text: c })),
          )
        : 'none',
    ),
    added.length || removed.length
      ? el(
          'p',
          { class: 'hint' },
          added.length ? `Added in revision: ${added.join('; ')}. ` : '',
          removed.length ? `Removed: ${removed.join('; ')}.` : '',
        )
      : null,
    el('p', { class: 'hint', text: `Data sources: ${sources.length ? sources.join(', ') : MISSING}` }),
    round('Recommendation (revision round)', agent.revision, 'recommendation'),
    round('Recommendation (first round)', agent.first, 'recommendation'),
    round('Reasoning', agent.revision ?? agent.first, 'reasoning'),
  );
}

function confidenceText(before, after) {
  if (after === null && before === null) return 'confidence not provided';
  if (after === null || before === null || before === after) return `${percent(after ?? before)} confidence`;
  return `${percent(before)} → ${percent(after)}`;
}

function round(title, response, key) {
  const value = text(response?.[key]);
  if (!value) return null;
  return markdownDetails(title, value);
}

/** Conflicts between agents, their resolutions and the safety overrides. */
export function conflictsSection(decision) {
  const conflicts = list(decision.conflicts_identified).map(obj).filter(Boolean);
  const resolutions = list(decision.conflict_resolutions).map(obj).filter(Boolean);
  const overrides = list(decision.safety_overrides).map(obj).filter(Boolean);
  if (!conflicts.length && !resolutions.length && !overrides.length) {
    return el(
      'section',
      { class: 'card conflicts' },
      el('h3', { text: 'Conflicts' }),
      el('p', { class: 'hint', text: 'The arbitrator reported no conflict between agents and no safety override.' }),
    );
  }
  return el(
    'section',
    { class: 'card conflicts', 'aria-labelledby': 'conflicts-title' },
    el('h3', {
      id: 'conflicts-title',
      text: `Conflicts (${conflicts.length}) and safety overrides (${overrides.length})`,
    }),
    overrides.length
      ? el(
          'div',
          { class: 'overrides' },
          overrides.map((o) =>
            el(
              'div',
              { class: 'banner danger' },
              el('strong', { text: `Safety override by ${agentName(text(o.safety_agent) ?? 'a safety agent')}: ` }),
              text(o.binding_constraint) ?? MISSING,
              list(o.overridden_recommendations).length
                ? el(
                    'ul',
                    {},
                    list(o.overridden_recommendations).map((r) =>
                      el('li', { text: `Overrode: ${text(r) ?? describe(r)}` }),
                    ),
                  )
                : null,
            ),
          ),
        )
      : null,
    conflicts.length
      ? el(
          'ol',
          { class: 'conflict-list' },
          conflicts.map((c) =>
            el(
              'li',
              {},
              el('strong', { text: `${text(c.conflict_type) ?? 'conflict'}: ` }),
              list(c.agents_involved)
                .map((a) => agentName(text(a) ?? '?'))
                .join(', '),
              el('p', { text: text(c.description) ?? MISSING }),
            ),
          ),
        )
      : null,
    resolutions.length
      ? el(
          'div',
          {},
          el('h4', { text: 'Resolutions' }),
          el(
            'ol',
            {},
            resolutions.map((r) =>
              el(
                'li',
                {},
                el('p', {}, el('strong', { text: text(r.resolution) ?? MISSING })),
                text(r.conflict_description) && el('p', { class: 'hint', text: `Conflict: ${r.conflict_description}` }),
                text(r.rationale) && el('p', { text: `Why: ${r.rationale}` }),
              ),
            ),
          ),
        )
      : null,
  );
}
