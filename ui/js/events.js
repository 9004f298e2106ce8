// Every event of the run, for the engineer: type, position, receive time
// and size as received, with the event's JSON one click away. The JSON is
// built only when an event is opened and dropped when it is closed, since
// a chunk can be hundreds of kilobytes: the list itself holds none of it.
// It is marked `data-raw-json`: the one place where `null` is what the
// window must say.

import { el } from './dom.js';

/**
 * Brings the list in `root` up to `events` ({position, received_at, event,
 * bytes, raw}): the events it does not show yet are added, the ones it
 * shows are left as they are (open or closed).
 */
export function renderEvents(root, events) {
  let summary = root.firstElementChild;
  if (!summary) {
    summary = el('summary');
    root.append(summary);
  }
  summary.textContent = `Raw events (${events.length})`;
  for (const e of events.slice(root.children.length - 1)) root.append(eventItem(e));
  root.hidden = events.length === 0;
}

function eventItem(e) {
  const when = new Date(e.received_at * 1000).toISOString().slice(11, 23);
  const item = el(
    'details',
    { class: 'raw-event', dataset: { position: String(e.position) } },
    el('summary', {
      text: `#${e.position} ${e.event?.type ?? 'unknown'} · ${when}Z · ${(e.bytes / 1000).toFixed(1)} KB`,
    }),
  );
  item.addEventListener('toggle', () => {
    if (item.open) {
      const json = e.raw ?? JSON.stringify(e.event, null, 2);
      item.append(el('pre', { class: 'md-code', text: json, dataset: { rawJson: '' } }));
    } else {
      item.querySelector(':scope > pre')?.remove();
    }
  });
  return item;
}
