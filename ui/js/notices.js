// Notices that are not part of a run's view: the problems found in the
// environments files, and the milestones said to screen readers.

import { el } from './dom.js';

/** Problems in the environments files: the valid ones are loaded anyway. */
export function showProblems(root, problems) {
  root.hidden = problems.length === 0;
  if (!problems.length) return;
  const count = problems.length === 1 ? 'One problem' : `${problems.length} problems`;
  root.replaceChildren(
    el(
      'details',
      {},
      el(
        'summary',
        {},
        `${count} in the environments file: the environments without problems are loaded. `,
        el('span', { class: 'link', text: 'Show' }),
      ),
      el(
        'ul',
        {},
        problems.map((p) => el('li', {}, el('code', { text: `${p.path}, line ${p.line}` }), `: ${p.message}`)),
      ),
    ),
  );
  root.hidden = false;
}

/** Says a run's milestone to screen readers (urgent ones interrupt). */
export function announce(ui, words, urgent = false) {
  const region = urgent ? ui.announceUrgent : ui.announce;
  region.textContent = '';
  // A fresh node in the next frame, so that the same words are said again.
  requestAnimationFrame(() => {
    region.textContent = words;
  });
}
