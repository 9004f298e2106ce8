// Labelled lines (impacts.js) as DOM: a definition list, nested for
// objects and lists of objects. Each value carries the path of what it
// shows (`data-path`, from the document's root), so a window test can
// find every server value where it belongs.

import { el } from './dom.js';
import { NOT_PROVIDED } from './impacts.js';

/** Values longer than this many characters go under their label. */
const LONG = 32;

/** The path of `key` (a member's name, or `[i]`) under `base`. */
export function childPath(base, key) {
  return key.startsWith('[') ? `${base}${key}` : `${base}.${key}`;
}

/** `lines` under `base` as a `dl.lines`. */
export function linesList(lines, base) {
  return el(
    'dl',
    { class: 'lines' },
    lines.map((l) => lineItems(l, base)),
  );
}

function lineItems(l, base) {
  const path = childPath(base, l.key);
  if (l.children.length) {
    return [
      el('dt', { class: 'group', text: l.label }),
      el('dd', { class: 'group', dataset: { path } }, linesList(l.children, path)),
    ];
  }
  // A long text reads better under its label, across the card, than in a narrow column beside it.
  const wide = !l.missing && (l.value ?? '').length > LONG;
  return [
    el('dt', { class: wide ? 'wide' : undefined, text: l.label }),
    el('dd', {
      class: [l.missing && 'missing', wide && 'wide'].filter(Boolean).join(' ') || undefined,
      dataset: { path },
      text: l.missing ? NOT_PROVIDED : (l.value ?? ''),
    }),
  ];
}

/** One titled block of lines (an impact group, "Other details"). */
export function linesBlock(title, lines, base, cls) {
  return el('div', { class: `lines-block ${cls}` }, el('h5', { text: title }), linesList(lines, base));
}

/** An impact group: its title over its lines, or over its one value. */
export function groupBlock(group, base) {
  const path = childPath(base, group.key);
  if (group.children.length) return linesBlock(group.label, group.children, path, 'impact');
  return el(
    'div',
    { class: 'lines-block impact' },
    el('h5', { text: group.label }),
    el('p', {
      class: group.missing ? 'missing' : undefined,
      dataset: { path },
      text: group.missing ? NOT_PROVIDED : (group.value ?? ''),
    }),
  );
}
