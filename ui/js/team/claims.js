// Claims: a duty manager says "I'm handling EY283" so the other desks know
// before they send an analysis of it. The Claims dialog lists the flights
// held now (by every desk, this one's marked "yours"), claims a flight and
// releases this desk's own. Before a prompt is sent, the flights it names
// that another desk holds are asked about; the check never stops an
// analysis: when it cannot be made, the prompt goes as it would have.

import { confirmDespiteClaims } from '../confirm.js';
import { append, button, clear, el, list, num, obj, text } from '../dom.js';
import { hideError, showError } from '../errors.js';
import * as ipc from '../ipc.js';
import { utcClock } from '../when.js';
import { statusWords } from './status.js';

// Past this the claim check is given up and the prompt is sent: a slow team store must not hold an analysis back.
const CHECK_MS = 3_000;

// Said when the console has no `[team]` table; the same advice as the console's team_not_configured error.
const NOT_CONFIGURED =
  'No team store is configured. Add a [team] table to the environments file (its url, role and tls), ' +
  'then set its password with `skymarshal team password`.';

/** `EY283 is claimed by desk OCC-2 (Sara Ahmed) since 10:31 UTC, until 12:31 UTC.` for a held claim. */
export function claimSentence(claim, now = Date.now()) {
  const by = text(claim.operator) ? ` (${claim.operator})` : '';
  const since = num(claim.since_ms) === null ? '' : ` since ${utcClock(claim.since_ms, now)}`;
  const until = num(claim.lease_until_ms) === null ? '' : `, until ${utcClock(claim.lease_until_ms, now)}`;
  const flight = text(claim.flight) ?? 'A flight';
  return `${flight} is claimed by desk ${text(claim.desk) ?? 'unnamed'}${by}${since}${until}.`;
}

/**
 * Whether to send `prompt`: true at once when it names no flight another desk holds, or when the check
 * cannot be made (then `unchecked()` is called, so the page can show the team store's state); otherwise
 * the user's answer in `dialog` (`#claim-confirm`).
 */
export async function sendDespiteClaims(dialog, prompt, unchecked) {
  let held;
  try {
    held = await Promise.race([
      ipc.claimsForPrompt(prompt),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the claim check took too long')), CHECK_MS)),
    ]);
  } catch {
    unchecked();
    return true;
  }
  const others = list(held)
    .filter(obj)
    .filter((c) => !c.mine);
  if (!others.length) return true;
  return confirmDespiteClaims(
    dialog,
    others.map((c) => claimSentence(c)),
  );
}

/**
 * Wires the Claims `dialog` to its `opener`; `changed()` is called after a claim or a release (the status line
 * reads the team store again). Returns `{open()}`.
 */
export function claimsView(dialog, opener, changed) {
  const $ = (sel) => dialog.querySelector(sel);
  const errorRoot = $('#claims-error');
  const message = $('#claims-message');
  const state = $('#claims-state');
  const form = $('#claims-form');
  const flight = $('#claims-flight');
  const listRoot = $('#claims-list');

  const say = (words) => {
    message.textContent = words;
  };

  const row = (c) => {
    const mine = !!c.mine;
    const act = (release) => () => claim(text(c.flight) ?? '', release);
    return el(
      'tr',
      { dataset: { flight: text(c.flight) ?? '', mine: String(mine) } },
      el(
        'th',
        { scope: 'row' },
        text(c.flight) ?? '',
        mine ? el('span', { class: 'claim-mine', text: 'yours' }) : null,
      ),
      el('td', { text: text(c.desk) ?? '' }),
      el('td', { text: text(c.operator) ?? '' }),
      el('td', { text: num(c.since_ms) === null ? '' : utcClock(c.since_ms) }),
      el('td', { text: num(c.lease_until_ms) === null ? '' : utcClock(c.lease_until_ms) }),
      el(
        'td',
        {},
        mine
          ? el(
              'div',
              { class: 'claim-actions' },
              button('Renew', act(false), { label: `Renew the claim on ${text(c.flight)}` }),
              button('Release', act(true), { label: `Release ${text(c.flight)}`, cls: 'claim-release' }),
            )
          : null,
      ),
    );
  };

  const draw = (status) => {
    const s = obj(status) ?? {};
    if (!s.configured) {
      showError(errorRoot, { kind: 'team_not_configured', message: text(s.problem) ?? NOT_CONFIGURED });
      state.hidden = true;
      form.hidden = true;
      listRoot.replaceChildren();
      return;
    }
    const words = statusWords(s);
    state.hidden = false;
    state.dataset.state = words.state;
    // `append` leaves out a missing part; `replaceChildren` would write it as "null".
    clear(state);
    append(
      state,
      el('span', { class: 'claims-state-line', text: words.text }),
      !s.reachable && text(s.problem) ? el('span', { class: 'claims-problem', text: s.problem }) : null,
    );
    form.hidden = false;
    const held = list(s.claims).filter(obj);
    listRoot.replaceChildren(
      held.length
        ? el(
            'table',
            { class: 'claims-table' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ['Flight', 'Desk', 'Duty manager', 'Since', 'Until', ''].map((h) =>
                  el('th', { scope: 'col', text: h }),
                ),
              ),
            ),
            el('tbody', {}, held.map(row)),
          )
        : el('p', { class: 'hint', id: 'claims-none', text: 'No flight is claimed by any desk.' }),
    );
  };

  const refresh = async () => {
    try {
      draw(await ipc.teamStatus());
    } catch (error) {
      showError(errorRoot, error);
    }
  };

  async function claim(name, release) {
    hideError(errorRoot);
    say('');
    if (!name.trim()) {
      say('Type a flight number first, such as EY283.');
      flight.focus();
      return;
    }
    try {
      const now = obj(await ipc.claimFlight(name.trim(), release));
      const held = text(now?.flight) ?? name.trim();
      const until = num(now?.lease_until_ms) === null ? '' : ` until ${utcClock(now.lease_until_ms)}`;
      say(release ? `${held} released.` : `${held} is claimed by this desk${until}.`);
      if (!release) flight.value = '';
    } catch (error) {
      showError(errorRoot, error);
    }
    changed();
    await refresh();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    claim(flight.value, false);
  });
  $('#claims-close').addEventListener('click', () => dialog.close());
  opener.addEventListener('click', open);

  async function open() {
    say('');
    hideError(errorRoot);
    dialog.showModal();
    flight.focus();
    await refresh();
  }

  return { open };
}
