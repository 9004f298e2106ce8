// The decision panel's place under the arbitrator's decision. The panel is
// drawn when the run completes and its decision log is read, a moment
// after the analysis is on screen; its place is kept from the analysis's
// first render, as tall as the last open decision form this window showed
// (remembered across launches), so the options below a live analysis do
// not jump when it arrives. A stored run's panel may be another size
// (decisions recorded, another desk's run).

import { el } from '../dom.js';

const PANEL_HEIGHT_KEY = 'skymarshal.decision-panel-height';

/** Keeps the panel's place in `view`, under the arbitrator's decision card (when there is one). */
export function reserveSlot(view) {
  const arbitrator = view.querySelector(':scope > .card.decision');
  if (!arbitrator) return;
  const slot = el('div', { class: 'decision-slot', id: 'decision-slot' });
  const remembered = Number(localStorage.getItem(PANEL_HEIGHT_KEY));
  if (remembered > 0) slot.style.setProperty('--reserved', `${remembered}px`);
  arbitrator.after(slot);
}

/** A run that will not be decided on here gives back the place kept for the panel. */
export function dropSlot(view) {
  view.querySelector(':scope > .decision-slot')?.remove();
}

/**
 * Puts the panel made by `makePanel(onDrawn)` in its place in `view` (or
 * at the top, when no place was kept). Once drawn, the slot takes the
 * panel's own height; only an open form's height is remembered, the panel
 * a live run gets: a decided, read-only or failed panel is another size.
 */
export function fillSlot(view, makePanel) {
  const slot = view.querySelector(':scope > .decision-slot');
  const panel = makePanel(() => {
    if (!slot) return;
    const height = Math.round(panel.getBoundingClientRect().height);
    if (height > 0 && panel.dataset.state === 'open' && panel.dataset.readOnly !== 'true')
      localStorage.setItem(PANEL_HEIGHT_KEY, String(height));
    slot.classList.add('filled');
  });
  if (slot) slot.replaceChildren(panel);
  else view.prepend(panel);
}
