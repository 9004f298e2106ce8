// A run's decisions in one line for the history's list of runs:
// "Decided: Accepted option 2 · Delay and swap by Jane Doe at 03:12Z",
// the decision in force first, with how many it superseded.

import { el, list, num, obj, text } from '../dom.js';
import * as ipc from '../ipc.js';
import { zulu } from '../when.js';
import { actionWords } from './words.js';

/** A line filled once the run's decision context arrives; empty when there is no decision. */
export function decisionsLine(runUid) {
  const line = el('p', { class: 'hist-decided', dataset: { run: runUid }, hidden: true });
  fill(line, runUid);
  return line;
}

async function fill(line, runUid) {
  let context;
  try {
    context = obj(await ipc.decisionContext(runUid)) ?? {};
  } catch (error) {
    line.replaceChildren(`The decisions could not be read: ${error?.message ?? String(error)}`);
    line.dataset.bad = 'true';
    line.hidden = false;
    return;
  }
  const decisions = list(context.decisions).filter(obj);
  const current = decisions.filter((d) => !text(d.superseded_by));
  line.dataset.count = String(decisions.length);
  if (!decisions.length) {
    line.replaceChildren(el('span', { class: 'hint', text: 'No decision recorded.' }));
  } else {
    const superseded = decisions.length - current.length;
    line.replaceChildren(
      ...current.map((d) =>
        el(
          'span',
          { class: 'hist-decision', dataset: { uid: text(d.uid) ?? '', action: text(d.action) ?? '' } },
          el('strong', { text: 'Decided: ' }),
          `${actionWords(d)} by ${text(d.operator) ?? 'no operator name'}`,
          num(d.decided_ms) === null ? '' : ` at ${zulu(d.decided_ms)}`,
          '.',
        ),
      ),
      superseded ? ` ${superseded} earlier decision${superseded === 1 ? '' : 's'} superseded.` : '',
    );
  }
  line.hidden = false;
}
