// Every event of the run, for the engineer: type, position, receive time
// and size, with the event's JSON one click away (built only when opened,
// since a chunk can be hundreds of kilobytes). The JSON is marked
// `data-raw-json`: the one place where `null` is what the window must say.

import { el } from './dom.js';

/** Lists `events` ({position, received_at, event, raw}) in `root`. */
export function renderEvents(root, events) {
  const summary = el('summary', { text: `Raw events (${events.length})` });
  const items = events.map((e) => {
    const json = e.raw ?? JSON.stringify(e.event, null, 2);
    const when = new Date(e.received_at * 1000).toISOString().slice(11, 23);
    const item = el(
      'details',
      { class: 'raw-event', dataset: { position: String(e.position) } },
      el('summary', {
        text: `#${e.position} ${e.event?.type ?? 'unknown'} · ${when}Z · ${(json.length / 1000).toFixed(1)} KB`,
      }),
    );
    item.addEventListener(
      'toggle',
      () => {
        if (item.open && item.children.length === 1)
          item.append(el('pre', { class: 'md-code', text: json, dataset: { rawJson: '' } }));
      },
      { once: false },
    );
    return item;
  });
  const wasOpen = root.open;
  root.replaceChildren(summary, ...items);
  root.open = wasOpen;
  root.hidden = events.length === 0;
}
