// Where a run in the history was made. A run pulled from the team store
// carries the desk and duty manager that made it (`desk`, `operator`); this
// desk's own runs carry neither. Its words are here once, for the History
// dialog's label, the line over a stored run and the read-only decision panel.

import { el, obj, text } from '../dom.js';

/** The desk of another desk's run, session or search hit (`{desk, operator}`), or null for this desk's own. */
export function otherDesk(row) {
  return text(obj(row)?.desk) || null;
}

/** `desk OCC-2 · Sara Ahmed` (or `desk OCC-2`), or null for this desk's own row. */
export function deskWords(row) {
  const desk = otherDesk(row);
  if (!desk) return null;
  const operator = text(row.operator);
  return operator ? `desk ${desk} · ${operator}` : `desk ${desk}`;
}

/** `Recorded on desk OCC-2 by Sara Ahmed` (or without `by`), or null for this desk's own row. */
export function recordedWords(row) {
  const desk = otherDesk(row);
  if (!desk) return null;
  const operator = text(row.operator);
  return operator ? `Recorded on desk ${desk} by ${operator}` : `Recorded on desk ${desk}`;
}

/** The History dialog's small label for another desk's row, or null. */
export function deskLabel(row) {
  const words = deskWords(row);
  if (!words) return null;
  return el('span', { class: 'desk-label', title: `${recordedWords(row)}; read-only on this desk`, text: words });
}

/** The line over a stored run from another desk (a block in the history's banner), or null for this desk's own. */
export function recordedLine(run) {
  const words = recordedWords(run);
  return words ? el('span', { class: 'recorded-on', id: 'recorded-on', text: words }) : null;
}
