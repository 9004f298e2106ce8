// A fresh window lays out its first analysis slowly: every font size and
// weight the view uses is created, and looked up in fontconfig, the first
// time it is laid out (about 100 ms for the option cards here, against
// about 20 ms for the same cards once warm). The analysis comes 60 to 300
// seconds after the prompt, so the window does that work while it waits:
// once, when the first run starts streaming into the view and the window
// is idle, it lays out an analysis of the same shape off screen, outside
// the accessibility tree, and removes it in the same task. Not at start:
// what the rehearsal leaves in the web process (font data, caches, about
// 5 MB) is then paid only by a window that is used for an analysis, and
// its real analysis would leave it there anyway. Nothing of it is ever
// painted or read: no task, frame or assistive tool sees it, and its
// words are the shape's, not a server's.

import { renderAnalysis } from './analysis.js';

// With the symbols the agents' text often has: the first use of each is a
// search for a font that draws it (about 15 ms of the whole analysis's
// first layout here).
const WORDS = 'Sample text of the usual length for this field → ≤ ± × € ✓ ⚠️ ✅ 🔴 🟠, laid out once and removed.';

const option = (id) => ({
  solution_id: id,
  title: WORDS,
  description: WORDS,
  recommendations: [WORDS],
  safety_compliance: WORDS,
  passenger_impact: { total_passengers: 1, delay_minutes: 1, compensation_required: false, notes: WORDS },
  financial_impact: { total_estimated_cost: 1, currency: 'USD' },
  network_impact: { downstream_flights_affected: 1, rotation_preserved: true },
  safety_score: 90,
  cost_score: 80,
  passenger_score: 70,
  network_score: 60,
  composite_score: 75 + id,
  pros: [WORDS],
  cons: [WORDS],
  risks: [WORDS],
  confidence: 0.9,
  estimated_duration: WORDS,
  unusual_detail: { nested: WORDS },
  recovery_plan: {
    solution_id: id,
    total_steps: 1,
    estimated_total_duration: WORDS,
    steps: [
      {
        step_number: 1,
        step_name: WORDS,
        description: WORDS,
        responsible_agent: 'network',
        dependencies: [],
        estimated_duration: WORDS,
        automation_possible: true,
        action_type: 'coordinate',
        parameters: { detail: WORDS },
        success_criteria: WORDS,
        rollback_procedure: null,
      },
    ],
    critical_path: [1],
    contingency_plans: [{ trigger: WORDS, action: WORDS, responsible_agent: 'network' }],
  },
});

const response = (agent) => ({
  agent_name: agent,
  recommendation: WORDS,
  confidence: 0.8,
  binding_constraints: [WORDS],
  reasoning: `**${WORDS}**\n\n- ${WORDS}\n- \`${agent}\``,
  data_sources: [agent],
  extracted_flight_info: { flight_number: 'XX0', disruption_event: WORDS },
  timestamp: '2026-01-01T00:00:00Z',
  status: 'success',
  duration_seconds: 1,
  error: null,
});

const MARKDOWN = `## ${WORDS}\n\n${WORDS} **${WORDS}** \`code\`\n\n1. ${WORDS}\n2. ${WORDS}\n\n> ${WORDS}`;

function sample(composite) {
  const responses = { crew_compliance: response('crew_compliance'), network: response('network') };
  return {
    status: 'success',
    thread_id: WORDS,
    phase1_duration_seconds: 1,
    phase2_duration_seconds: 1,
    phase3_duration_seconds: 1,
    total_duration_seconds: 3,
    audit_trail: {
      phase1_initial: { responses },
      phase2_revision: { responses },
    },
    final_decision: {
      final_decision: WORDS,
      recommendations: [WORDS, { action: WORDS }],
      conflicts_identified: [{ agents_involved: ['network'], conflict_type: 'safety_vs_business', description: WORDS }],
      conflict_resolutions: [{ conflict: WORDS, resolution: WORDS, rationale: WORDS }],
      safety_overrides: [
        { safety_agent: 'crew_compliance', binding_constraint: WORDS, overridden_recommendation: WORDS },
      ],
      justification: MARKDOWN,
      reasoning: MARKDOWN,
      confidence: composite / 100,
      timestamp: WORDS,
      model_used: WORDS,
      duration_seconds: 1,
      solution_options: [option(1), option(2)],
      recommended_solution_id: 1,
      recommendation_evolution: { analysis_summary: WORDS, evolution_details: [{ agent: 'network', change: WORDS }] },
      unusual_detail: WORDS,
    },
  };
}

// `cold` until a run starts; `scheduled` while the rehearsal waits for
// idle; `done` once it ran or an analysis was drawn for real.
let state = 'cold';

/**
 * An analysis was drawn in the view for real (live, stored or replayed):
 * the window is warm, and a rehearsal not yet run is skipped.
 */
export function warmedByAnalysis() {
  if (state === 'done') return;
  state = 'done';
  document.body.dataset.warmedUp = 'skipped';
}

/**
 * Lays out an analysis of the usual shape off screen once, as wide as the
 * analysis view `view`, when the window is next idle, and removes it. Called
 * when a run starts streaming into the view; does nothing after the first
 * time, or once an analysis has been drawn (`warmedByAnalysis`).
 */
export function warmUpWhileWaiting(view) {
  if (state !== 'cold') return;
  state = 'scheduled';
  const data = document.body.dataset;
  const idle = window.requestIdleCallback ?? ((then) => setTimeout(then, 200));
  idle(
    () => {
      if (state === 'done') return;
      state = 'done';
      const started = performance.now();
      const host = document.createElement('div');
      host.className = 'analysis warm-up';
      host.setAttribute('aria-hidden', 'true');
      host.inert = true;
      // The view's own width, so the same layouts (and container queries) are met.
      if (view.clientWidth > 0) host.style.setProperty('--warm-up-width', `${view.clientWidth}px`);
      document.body.append(host);
      try {
        // A previous analysis of the session too, for the changes card.
        renderAnalysis(host, sample(80), sample(70), { atOnce: true });
        void host.offsetHeight;
      } catch (error) {
        // Only speed is lost; the window tests read why.
        data.warmUpError = String(error?.message ?? error);
      } finally {
        host.remove();
        // For the window tests and the figures: done, how long it took, and
        // when (ms since the page started); nothing of it is left.
        data.warmedUp = 'true';
        data.warmUpMs = String(Math.round(performance.now() - started));
        data.warmedUpAtMs = String(Math.round(performance.now()));
      }
    },
    { timeout: 2000 },
  );
}
