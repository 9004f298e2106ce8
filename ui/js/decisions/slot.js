// The decision panel's place under the arbitrator's decision. The panel is
// drawn when the run completes and its decision log is read, a moment
// after the analysis is on screen; its place is kept from the analysis's
// first render, so the options below a live analysis do not jump when it
// arrives. How tall: while a live run waits for its analysis, a panel of
// the open form it will get (its prompt, its environment, the operator's
// name as the history has it) is laid out off screen at the view's width
// when the window is idle, and measured. Without that measure (the
// analysis came first, a stored run) the place is as tall as the last
// open form this desk showed at that width, remembered across launches
// (heights remembered before per-width ones are not read: such a desk
// uses the stylesheet's default until its next open form). A stored run's
// panel may be another size (decisions recorded, another desk's run).

import { el } from '../dom.js';
import * as ipc from '../ipc.js';
import { panelOfShape } from './panel.js';

// {"heights": [[view width, height], …] in px, the latest last}, from the
// open forms this desk drew.
const REMEMBERED_KEY = 'skymarshal.decision-panel';
// One height for every width, before 2026-12: dropped.
const OLD_KEY = 'skymarshal.decision-panel-height';
const WIDTHS_KEPT = 8;
// Taller than any panel the form makes: a stored value past it is not one.
const MOST_PX = 4000;

const height = (value) => (Number.isFinite(value) && value > 0 && value < MOST_PX ? value : null);

function rememberedHeights() {
  try {
    const heights = JSON.parse(localStorage.getItem(REMEMBERED_KEY) ?? '{}')?.heights;
    return Array.isArray(heights) ? heights.filter((p) => Array.isArray(p) && height(p[1]) !== null) : [];
  } catch {
    return [];
  }
}

function remember(width, px) {
  const heights = [...rememberedHeights().filter((p) => p[0] !== width), [width, px]].slice(-WIDTHS_KEPT);
  try {
    localStorage.setItem(REMEMBERED_KEY, JSON.stringify({ heights }));
    localStorage.removeItem(OLD_KEY);
  } catch {
    // Storage full or refused: the next run measures its own anyway.
  }
}

/**
 * Measures, when the window is next idle, the panel the live run now
 * waiting will get in `view` (the analysis view, empty while it waits):
 * `run` is `{prompt, environment}` as the panel will name them (strings,
 * either may be null). Returns the measure to give `reserveSlot`:
 * `{width, height}` in px once taken, each null until then. Nothing of it
 * is painted, announced or left in the page; a rehearsal that fails says
 * why in the body's `data-slot-rehearsal-error` (for the window tests).
 */
export function rehearseSlot(view, run) {
  const measure = { width: null, height: null };
  const idle = window.requestIdleCallback ?? ((then) => setTimeout(then, 200));
  idle(
    async () => {
      let host = null;
      try {
        // The name the form will show, or ask for.
        const operator = await ipc.operator();
        const width = view.clientWidth;
        if (width <= 0) return;
        host = el('div', { class: 'analysis warm-up', 'aria-hidden': 'true' });
        host.inert = true;
        host.style.setProperty('--warm-up-width', `${width}px`);
        const slot = el('div', { class: 'decision-slot filled' });
        host.append(slot);
        document.body.append(host);
        slot.append(panelOfShape({ operator, run }));
        measure.height = height(slot.getBoundingClientRect().height);
        measure.width = width;
      } catch (error) {
        document.body.dataset.slotRehearsalError = String(error?.message ?? error);
      } finally {
        host?.remove();
      }
    },
    { timeout: 2000 },
  );
  return measure;
}

/**
 * Keeps the panel's place in `view`, under the arbitrator's decision card
 * (when there is one): `width` is the view's width in px, read before the
 * analysis went in; `measure` is the run's from `rehearseSlot`, or null.
 */
export function reserveSlot(view, width, measure) {
  const arbitrator = view.querySelector(':scope > .card.decision');
  if (!arbitrator) return;
  const slot = el('div', { class: 'decision-slot', id: 'decision-slot', dataset: { width: String(width) } });
  const px = measure?.width === width ? measure.height : rememberedHeights().find((p) => p[0] === width)?.[1];
  if (px) slot.style.setProperty('--reserved', `${px}px`);
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
 * a live run gets (a decided, read-only or failed panel is another size),
 * under the width its place was kept at.
 */
export function fillSlot(view, makePanel) {
  const slot = view.querySelector(':scope > .decision-slot');
  const panel = makePanel(() => {
    if (!slot) return;
    slot.classList.add('filled');
    const px = height(panel.getBoundingClientRect().height);
    if (px !== null && panel.dataset.state === 'open' && panel.dataset.readOnly !== 'true')
      remember(Number(slot.dataset.width), px);
  });
  if (slot) slot.replaceChildren(panel);
  else view.prepend(panel);
}
