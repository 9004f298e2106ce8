// Building DOM without HTML strings. Text from the server only ever
// becomes text nodes: `el` turns every string child into a text node and
// refuses event-handler attributes, so nothing here can run a script.

/**
 * Creates an element. `props` may hold `class`, `text`, `title`, `hidden`,
 * `dataset` (an object) and plain attributes; `on*` attributes are refused.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'hidden') node.hidden = true;
    else if (key.toLowerCase().startsWith('on')) throw new Error(`refused attribute ${key}`);
    else node.setAttribute(key, String(value));
  }
  append(node, ...children);
  return node;
}

/** A `type=button` button calling `onClick`; `label` is its accessible name when the text is not enough. */
export function button(text, onClick, { cls = null, id = null, label = null } = {}) {
  const b = el('button', { type: 'button', class: cls, id, 'aria-label': label, text });
  b.addEventListener('click', onClick);
  return b;
}

/** Appends children: nodes as they are, anything else as text. */
export function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Removes every child. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A string from an untrusted value, or `null` when it is not text. */
export function text(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A finite number from an untrusted value, or `null`. */
export function num(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An array from an untrusted value (an empty one when it is not). */
export function list(value) {
  return Array.isArray(value) ? value : [];
}

/** A plain object from an untrusted value, or `null`. */
export function obj(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** Copies text to the clipboard, with a fallback for webviews without the API. */
export async function copyText(value) {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const area = el('textarea', { class: 'sr-only', 'aria-hidden': 'true' });
    area.value = value;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
