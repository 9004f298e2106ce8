// The decision log's chain, as the history reports it (`history_status`'s
// `chain`): each record carries the hash of the one before, so a record
// edited, removed or reordered in the file breaks it. A broken chain is
// said in a banner, in the history's own words, where the duty manager
// cannot miss it: the decisions shown may not be the ones taken.

import { el, num, obj, text } from './dom.js';
import { zulu } from './when.js';

// The record kinds as people say them (the history's `kind` is a machine name).
const KINDS = {
  decision: 'decision',
  handover: 'handover',
  handover_note: 'handover note',
  handover_ack: 'handover acknowledgement',
};

/** Shows `chain` (`{records, first_broken}`) in `root`; hides it when the chain holds or was not checked. */
export function showChain(root, chain) {
  const broken = obj(obj(chain)?.first_broken);
  root.hidden = !broken;
  if (!broken) {
    root.replaceChildren();
    return;
  }
  const where = [
    num(broken.seq) === null ? null : `record ${broken.seq}`,
    text(broken.kind) ? (KINDS[broken.kind] ?? 'of an unknown kind') : null,
    num(broken.created_ms) === null ? null : zulu(broken.created_ms),
  ].filter(Boolean);
  root.dataset.seq = String(num(broken.seq) ?? '');
  root.replaceChildren(
    el('strong', {
      text: `The decision log in this history is broken${where.length ? ` at ${where.join(', ')}` : ''}. `,
    }),
    text(broken.message) ?? 'The records from there on cannot be trusted as taken.',
    ' Run ',
    el('code', { text: 'skymarshal history verify' }),
    ' for the details, and keep the file as it is for investigation.',
  );
}
