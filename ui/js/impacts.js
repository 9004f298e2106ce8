// An option's objects (its impacts and anything else it carries) as
// labelled lines, from what they hold: the orchestrator changes its
// vocabulary between responses, so a view that reads fixed keys shows
// nothing for the other one. Known keys get the labels and units of
// vocabulary.js; any other key gets a label made from its name and its
// value formatted by type; nested objects and lists of objects become
// nested lines. crates/app/src/impacts does exactly the same for the report
// and the CLI (a window test compares the two on every fixture).
//
// A line is `{ key, label, value, missing, children }`: `key` is the
// server's key (`[0]` for a list item), `value` the text shown (null for a
// line with children, or when the server sent null, then `missing`).

import { numberText } from './format.js';
import { VOCABULARY } from './vocabulary.js';

const KEYS = new Map(VOCABULARY.keys.map((row, rank) => [row.key, { ...row, rank }]));
const GROUPS = new Map(VOCABULARY.groups.map((row, rank) => [row.key, { ...row, rank }]));
const ELSEWHERE = new Set(VOCABULARY.shown_elsewhere);
const MAX_DEPTH = VOCABULARY.max_depth;

/** The word for a value the server sent as null. */
export const NOT_PROVIDED = 'not provided';

/**
 * An option's impact groups (the known three first, then any `*_impact`)
 * and its other keys that the card does not show by itself.
 * @returns {{ impacts: object[], other: object[] }}
 */
export function optionDetails(option) {
  const o = isObject(option) ? option : {};
  const root = rootContext();
  const ctx = ownContext(o, root);
  const isGroup = (key) => GROUPS.has(key) || key.endsWith(VOCABULARY.group_suffix);
  const groupKeys = Object.keys(o)
    .filter(isGroup)
    .sort((a, b) => rankOr(GROUPS, a) - rankOr(GROUPS, b) || compare(a, b));
  const impacts = groupKeys.map((key) => line(key, GROUPS.get(key)?.title ?? labelFor(key), o[key], null, ctx, 1));
  const rest = {};
  for (const key of Object.keys(o)) if (!isGroup(key) && !ELSEWHERE.has(key)) rest[key] = o[key];
  // After the groups, so that an option-wide currency their amounts used is not listed again.
  return { impacts, other: members(rest, ctx, 1, ctx !== root) };
}

/** Lines for any value (an object's members, a list's items, or one line). */
export function valueLines(value) {
  const ctx = rootContext();
  if (isObject(value)) return objectLines(value, ctx, 1);
  return [line('value', 'Value', value, null, ctx, 1)];
}

/** Lines for an object's members except `skip` (keys a view shows in its own places). */
export function extraLines(value, skip) {
  const o = isObject(value) ? value : {};
  const skipped = new Set(skip);
  const rest = {};
  for (const key of Object.keys(o)) if (!skipped.has(key)) rest[key] = o[key];
  return objectLines(rest, rootContext(), 1);
}

/**
 * A key in words: `connection_misses` → `Connection misses`,
 * `EY17_connection_protected` → `EY17 connection protected`.
 */
export function labelFor(key) {
  const words = String(key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => (w.length > 1 && /^[A-Z][a-z]+$/.test(w) ? w.toLowerCase() : w));
  if (!words.length) return 'Unnamed';
  const first = words[0];
  words[0] = first[0].toUpperCase() + first.slice(1);
  return words.join(' ');
}

/** Any value on one line (for values nested deeper than the view nests). */
export function describe(value) {
  const wrapped = (v) =>
    isObject(v) || (Array.isArray(v) && v.some((x) => isObject(x) || Array.isArray(x)))
      ? `(${describe(v)})`
      : describe(v);
  if (Array.isArray(value)) {
    if (!value.length) return 'none';
    return value.every((v) => !isObject(v) && !Array.isArray(v))
      ? value.map(describe).join(', ')
      : value.map(wrapped).join('; ');
  }
  if (isObject(value)) {
    const keys = ordered(Object.keys(value));
    return keys.length
      ? keys.map((k) => `${KEYS.get(k)?.label ?? labelFor(k)}: ${wrapped(value[k])}`).join('; ')
      : 'none';
  }
  return scalarText(value, { currency: null, used: { value: false }, asMoney: false });
}

/** Lines as indented plain text, for a handover. */
export function linesText(lines, indent = '') {
  return lines.flatMap((l) => [
    `${indent}${l.label}: ${l.missing ? NOT_PROVIDED : (l.value ?? '')}`.trimEnd(),
    ...linesText(l.children, `${indent}  `),
  ]);
}

function rootContext() {
  return { currency: null, used: { value: false }, asMoney: false };
}

/** The context for `o`'s members: its own `currency`, when it names one. */
function ownContext(o, ctx) {
  return typeof o.currency === 'string' ? { currency: o.currency, used: { value: false }, asMoney: ctx.asMoney } : ctx;
}

function objectLines(o, ctx, depth) {
  const own = ownContext(o, ctx);
  return members(o, own, depth, own !== ctx);
}

/** `o`'s members in order; its own currency is a line only when no amount used it. */
function members(o, own, depth, hasOwnCurrency) {
  const out = [];
  let currencyAt = -1;
  for (const key of ordered(Object.keys(o))) {
    if (key === 'currency' && hasOwnCurrency) {
      currencyAt = out.length;
      continue;
    }
    out.push(member(key, o[key], own, depth));
  }
  if (currencyAt >= 0 && !own.used.value) out.splice(currencyAt, 0, member('currency', o.currency, own, depth));
  return out;
}

function member(key, value, ctx, depth) {
  const known = KEYS.get(key);
  const spec = known ?? VOCABULARY.suffixes.find((s) => key.endsWith(s.suffix)) ?? null;
  return line(key, known?.label ?? labelFor(key), value, spec, ctx, depth);
}

function line(key, label, value, spec, ctx, depth) {
  const shown = (text) => ({ key, label, value: text, missing: false, children: [] });
  const nested = (children) => ({ key, label, value: children.length ? null : 'none', missing: false, children });
  if (value === null || value === undefined) return { key, label, value: null, missing: true, children: [] };
  const format = spec?.format ?? null;
  if (typeof value === 'number') {
    if (format === 'count') return shown(numberText(value));
    if (format === 'minutes') return shown(`${numberText(value)} min`);
    if (format === 'hours') return shown(`${numberText(value)} h`);
    if (format === 'money') return shown(money(value, ctx));
  }
  if (typeof value === 'boolean' && format === 'boolean') return shown(value ? spec.yes : spec.no);
  if (isObject(value) && format === 'cost_lines') {
    if (depth >= MAX_DEPTH) return shown(describe(value));
    return nested(objectLines(value, { ...ctx, asMoney: true }, depth + 1));
  }
  if (isObject(value)) {
    if (depth >= MAX_DEPTH) return shown(describe(value));
    return nested(objectLines(value, ctx, depth + 1));
  }
  if (Array.isArray(value)) {
    if (value.every((v) => !isObject(v) && !Array.isArray(v))) {
      return shown(
        value.length ? value.map((v) => (v === null ? NOT_PROVIDED : scalarText(v, ctx))).join(', ') : 'none',
      );
    }
    if (depth >= MAX_DEPTH) return shown(describe(value));
    return nested(value.map((item, i) => line(`[${i}]`, `#${i + 1}`, item, null, ctx, depth + 1)));
  }
  return shown(scalarText(value, ctx));
}

function scalarText(value, ctx) {
  if (value === null || value === undefined) return NOT_PROVIDED;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return ctx.asMoney ? money(value, ctx) : numberText(value);
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return describe(value);
}

function money(n, ctx) {
  if (ctx.currency === null) return numberText(n);
  ctx.used.value = true;
  return `${numberText(n)} ${ctx.currency}`;
}

/** Known keys in the vocabulary's order, then the others by name. */
function ordered(keys) {
  return [...keys].sort((a, b) => rankOr(KEYS, a) - rankOr(KEYS, b) || compare(a, b));
}

function rankOr(table, key) {
  return table.get(key)?.rank ?? table.size;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
