// The duty manager's decision on the analysis on screen, under the
// arbitrator's: how fresh the analysis is, whether a later one superseded
// it, the decisions already recorded on the run (corrections and the ones
// they superseded, all kept), and the form to record one or correct one.
// Everything comes from the history's decision context for the run.

import { el, list, num, obj, text } from '../dom.js';
import { showError } from '../errors.js';
import { ageLine } from '../freshness.js';
import * as ipc from '../ipc.js';
import { announce } from '../notices.js';
import { decisionEntry } from './entry.js';
import { decisionForm } from './form.js';
import { actionWords } from './words.js';

// The panels on screen, so a change made elsewhere (the operator set by a
// handover's acknowledgement) can have them read their context again.
const panels = new Map();

/**
 * The panel for the run `runUid` (the history's uid of a complete run),
 * filled once its decision context arrives. `page` has `staleDialog`
 * (`#stale-confirm`), `ui` (for announcements) and `run`, what the page
 * shows of that run: `{prompt, environment}` (strings, either may be null);
 * `desk`, when the run was made on another desk (its name), makes the panel
 * read-only: that desk's decisions are shown, none is recorded or corrected here;
 * `onDrawn()`, when given, is called each time the panel has been drawn from a
 * context (or an error) that was read.
 */
export function decisionPanel(runUid, page) {
  const panel = el(
    'section',
    {
      class: 'card decision-record',
      id: 'decision-record',
      'aria-labelledby': 'dm-decision-title',
      dataset: { run: runUid, state: 'loading' },
    },
    el('h3', { id: 'dm-decision-title', text: "Duty manager's decision" }),
    el('p', { class: 'hint', text: "Reading this run's decision log…" }),
  );
  for (const old of panels.keys()) if (!old.isConnected) panels.delete(old);
  panels.set(panel, page);
  load(panel, runUid, page, null);
  return panel;
}

/** Has every decision panel on screen read its run's decision context again (the form, the operator's name). */
export function refreshDecisionPanels() {
  for (const [panel, page] of panels) {
    if (panel.isConnected) load(panel, panel.dataset.run, page, null);
    else panels.delete(panel);
  }
}

/**
 * A panel of the shape the open form of a live run will have, drawn at
 * once from sample values, to be measured off screen (`slot.js`) and
 * thrown away: `operator` is the name the history has (or null, asked)
 * and `run`, `{prompt, environment}` as `decisionPanel` takes it. It reads
 * and records nothing, and keeps no reference to what it drew.
 */
export function panelOfShape({ operator, run }) {
  const option = (id) => ({ solution_id: id, title: `Recovery option ${id} of the usual title's length` });
  const context = {
    run_uid: 'rehearsal',
    complete: true,
    analysis_received_ms: Date.now(),
    analysis_sha256: '0'.repeat(64),
    // The default limit; one set by the desk may read a digit or two longer.
    stale_after_minutes: 30,
    recommended_solution_id: 1,
    options: [option(1), option(2), option(3)],
    safety_constraints: [],
    decisions: [],
    operator,
  };
  const panel = el('section', { class: 'card decision-record' });
  draw(panel, context, { run, ui: null, staleDialog: null, rehearsal: true }, null);
  return panel;
}

const PROMPT_CHARS = 100;

/** The run decided on, named at the top of the panel: its prompt on one line and its environment. */
function runLine(run) {
  const prompt = text(run?.prompt)?.trim().replace(/\s+/g, ' ');
  const environment = text(run?.environment);
  if (!prompt && !environment) return null;
  const chars = [...(prompt ?? '')];
  const short = chars.length > PROMPT_CHARS ? `${chars.slice(0, PROMPT_CHARS).join('').trimEnd()}…` : prompt;
  return el(
    'p',
    { class: 'decide-run', id: 'decide-run' },
    el('span', { class: 'decide-run-label', text: 'Decision on ' }),
    prompt ? el('span', { class: 'decide-run-prompt', title: run.prompt, text: short }) : null,
    environment ? el('span', { class: 'decide-run-env', text: environment }) : null,
  );
}

// A run that has just ended may be marked complete in the history a moment
// after its last message reached the window; asked again briefly before
// saying it is not complete.
const RETRIES = 3;
const RETRY_MS = 400;

async function load(panel, runUid, page, focusUid) {
  let context;
  try {
    for (let attempt = 0; ; attempt += 1) {
      context = await ipc.decisionContext(runUid);
      if (context?.complete !== false || attempt >= RETRIES || !panel.isConnected) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  } catch (error) {
    const root = el('div', { class: 'error', role: 'alert' });
    showError(root, error);
    panel.replaceChildren(panel.firstChild, root);
    panel.dataset.state = 'error';
    page.onDrawn?.();
    return;
  }
  if (!panel.isConnected) return;
  draw(panel, obj(context) ?? {}, page, null);
  page.onDrawn?.();
  if (focusUid) {
    const heading = panel.querySelector(`.decision-entry[data-uid="${CSS.escape(focusUid)}"] h4`);
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }
}

/** Draws the panel; `correcting` is the decision whose correction form is open, or null. */
function draw(panel, context, page, correcting) {
  const decisions = list(context.decisions).filter(obj);
  const current = decisions.filter((d) => !text(d.superseded_by));
  const reload = (view) => {
    announce(page.ui, `Decision recorded: ${actionWords(view)}.`);
    load(panel, context.run_uid ?? panel.dataset.run, page, text(view.uid));
  };
  const form = (correcting_) =>
    decisionForm(context, {
      correcting: correcting_,
      onRecorded: reload,
      onCancel: () => draw(panel, context, page, null),
      staleDialog: page.staleDialog,
    });
  const onCorrect = (view) => {
    draw(panel, context, page, view);
    panel.querySelector('#decide-form input[name="decide-action"]:checked, #decide-form input')?.focus();
  };
  const desk = text(page.desk);
  const entries = decisions.map((d) => {
    const entry = decisionEntry(d, decisions, onCorrect);
    if (desk) entry.querySelector('.decision-correct')?.remove();
    if (correcting && d.uid === correcting.uid) {
      entry.querySelector('.decision-correct')?.remove();
      entry.append(form(correcting));
    }
    return entry;
  });

  panel.dataset.state = context.complete === false ? 'incomplete' : current.length ? 'decided' : 'open';
  panel.dataset.readOnly = String(!!desk);
  panel.replaceChildren(
    ...[
      el(
        'div',
        { class: 'card-head' },
        el('h3', { id: 'dm-decision-title', text: "Duty manager's decision" }),
        decisions.length ? el('span', { class: 'hint', text: decisionCount(decisions, current) }) : null,
      ),
      runLine(page.run),
      num(context.analysis_received_ms) !== null && num(context.stale_after_minutes) !== null
        ? ageLine(context.analysis_received_ms, context.stale_after_minutes, {
            // Advice to run it again before deciding is not for a desk that cannot decide on it.
            decided: current.length > 0 || !!desk,
            later: !!text(context.later_analysis_run_uid),
            // A rehearsal's line is thrown away at once: not kept up to date.
            tracked: !page.rehearsal,
          })
        : null,
      text(context.later_analysis_run_uid)
        ? el(
            'p',
            { class: 'banner warning', id: 'decide-later', role: 'note' },
            el('strong', { text: 'A later analysis superseded this one. ' }),
            `Run ${context.later_analysis_run_uid}, in the same session, is newer. ` +
              'A decision recorded here says so.',
          )
        : null,
      // Another desk's run says where its decisions are taken, below, once.
      context.complete === false && !desk
        ? el('p', {
            class: 'missing',
            id: 'decide-incomplete',
            text:
              'No decision can be recorded on this run: ' +
              (text(context.incomplete_reason) ?? 'its analysis is not complete.'),
          })
        : null,
      entries.length ? el('div', { class: 'decision-log', 'aria-label': 'Decisions on this run' }, entries) : null,
      desk
        ? el('p', {
            class: 'hint decide-elsewhere',
            id: 'decide-elsewhere',
            text: `Decisions on this run are taken on desk ${desk}.`,
          })
        : null,
      !desk && context.complete !== false && current.length === 0 ? form(null) : null,
    ].filter(Boolean),
  );
}

function decisionCount(all, current) {
  const superseded = all.length - current.length;
  const n = (k, noun) => `${k} ${noun}${k === 1 ? '' : 's'}`;
  return superseded ? `${n(current.length, 'decision')} in force, ${superseded} superseded` : n(all.length, 'decision');
}
