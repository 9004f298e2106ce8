// Agent text as a duty manager reads it: the safe subset of Markdown
// (paragraphs, emphasis, lists, code, tables, headings, links) built as DOM
// nodes from marked's lexer tokens. No HTML string is ever produced: raw
// HTML in the text is shown as text, images are named but never loaded,
// and a link is inert until the user confirms it, and only for https.

import { Lexer } from '../vendor/marked/marked.esm.js';
import { el } from './dom.js';

// Beyond these, text is shown plain: a hostile or runaway field must not
// stall the view or exhaust the stack.
const MAX_CHARS = 100_000;
const MAX_DEPTH = 24;

/** Markdown `source` as a `div.md` of plain DOM nodes. */
export function markdown(source, cls = 'md') {
  const root = el('div', { class: cls });
  if (typeof source !== 'string') return root;
  if (source.length > MAX_CHARS) {
    root.append(el('p', { class: 'md-plain', text: source }));
    return root;
  }
  let tokens;
  try {
    tokens = new Lexer({ gfm: true, breaks: false }).lex(source);
  } catch {
    root.append(el('p', { class: 'md-plain', text: source }));
    return root;
  }
  root.append(...blocks(tokens, 0));
  return root;
}

/**
 * A closed `details` titled `title` whose Markdown is built when first
 * opened: long agent texts, parsed up front, would cost the view its speed
 * for text most readers never open.
 */
export function markdownDetails(title, source) {
  const details = el('details', { class: 'round' }, el('summary', { text: title }));
  details.addEventListener('toggle', () => {
    if (details.open && details.children.length === 1) details.append(markdown(source));
  });
  return details;
}

function blocks(tokens, depth) {
  if (depth > MAX_DEPTH) return [tokens.map((t) => t.raw ?? '').join('')];
  return tokens.map((t) => block(t, depth)).filter(Boolean);
}

function block(t, depth) {
  switch (t.type) {
    case 'space':
    case 'def':
      return null;
    case 'heading':
      // Headings inside a card sit below the card's own title.
      return el(`h${Math.min(6, Math.max(4, (t.depth ?? 1) + 3))}`, { class: 'md-h' }, inline(t.tokens, depth));
    case 'paragraph':
      return el('p', {}, inline(t.tokens, depth));
    case 'text':
      return el('p', {}, t.tokens ? inline(t.tokens, depth) : t.text);
    case 'list': {
      const start = Number.parseInt(t.start, 10);
      return el(
        t.ordered ? 'ol' : 'ul',
        { start: t.ordered && start > 1 ? start : null },
        (t.items ?? []).map((item) =>
          el(
            'li',
            {},
            item.task ? el('span', { class: 'md-task', text: item.checked ? '☑ ' : '☐ ' }) : null,
            listItem(item.tokens ?? [], depth + 1),
          ),
        ),
      );
    }
    case 'code':
      return el('pre', { class: 'md-code' }, el('code', { text: t.text ?? '' }));
    case 'blockquote':
      return el('blockquote', {}, blocks(t.tokens ?? [], depth + 1));
    case 'table':
      return el(
        'div',
        { class: 'md-table-wrap' },
        el(
          'table',
          { class: 'md-table' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              (t.header ?? []).map((c) => el('th', { scope: 'col' }, inline(c.tokens, depth))),
            ),
          ),
          el(
            'tbody',
            {},
            (t.rows ?? []).map((row) =>
              el(
                'tr',
                {},
                row.map((c) => el('td', {}, inline(c.tokens, depth))),
              ),
            ),
          ),
        ),
      );
    case 'hr':
      return el('hr');
    case 'html':
      // Raw HTML is shown as what it is: text.
      return el('p', { class: 'md-raw', text: t.text ?? t.raw ?? '' });
    default:
      return el('p', { text: t.raw ?? '' });
  }
}

/** A list item's tokens: tight items hold bare `text` blocks, shown inline. */
function listItem(tokens, depth) {
  return tokens.map((t) =>
    t.type === 'text' ? inline(t.tokens ?? [{ type: 'text', text: t.text }], depth) : block(t, depth),
  );
}

function inline(tokens, depth) {
  if (!Array.isArray(tokens)) return [];
  if (depth > MAX_DEPTH) return [tokens.map((t) => t.raw ?? '').join('')];
  return tokens.map((t) => span(t, depth + 1));
}

function span(t, depth) {
  switch (t.type) {
    case 'text':
      return t.tokens ? inline(t.tokens, depth) : t.text;
    case 'escape':
      return t.text;
    case 'strong':
      return el('strong', {}, inline(t.tokens, depth));
    case 'em':
      return el('em', {}, inline(t.tokens, depth));
    case 'del':
      return el('del', {}, inline(t.tokens, depth));
    case 'codespan':
      return el('code', { text: t.text ?? '' });
    case 'br':
      return el('br');
    case 'link':
      return link(t, depth);
    case 'image':
      // Never loaded: a request to an image URL could carry data out.
      return el(
        'span',
        { class: 'md-image', title: 'Images in agent text are not loaded' },
        `[image: ${t.text || 'no description'}]`,
      );
    case 'html':
      return el('code', { class: 'md-raw', text: t.text ?? t.raw ?? '' });
    default:
      return t.raw ?? '';
  }
}

/** An https link, inert until confirmed; anything else is plain text. */
function link(t, depth) {
  const href = typeof t.href === 'string' ? t.href.trim() : '';
  const label = inline(t.tokens, depth);
  if (!safeHref(href)) {
    return el(
      'span',
      { class: 'md-link-refused', title: 'Only https links can be opened' },
      label,
      el('span', { class: 'hint', text: ` (${href || 'no address'}, not opened: only https links are)` }),
    );
  }
  return el(
    'a',
    {
      class: 'md-link',
      role: 'link',
      tabindex: '0',
      dataset: { href },
      title: `${href} (opens in your browser after you confirm)`,
    },
    label,
  );
}

/** Whether `href` is an absolute https URL without credentials. */
function safeHref(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname !== '';
}
