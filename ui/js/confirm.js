// The confirmations before a prompt is sent: the one some environments ask
// for (every production one by default), which names the environment and
// repeats the prompt; and the one a flight claimed by another desk asks
// for, which names who holds it. "Back" is focused so that a stray Enter
// sends nothing.

import { el } from './dom.js';

const $ = (id) => document.getElementById(id);

/** Asks before sending to an environment that wants it; resolves true to send. */
export function confirmSend(dialog, env, prompt) {
  if (!env.confirm_before_send) return Promise.resolve(true);
  $('confirm-env').textContent = env.production ? `PRODUCTION (${env.name})` : env.name;
  $('confirm-env-2').textContent = env.name;
  $('confirm-text').textContent = env.production
    ? 'This starts a real analysis on the production deployment.'
    : 'This environment asks for a confirmation before each prompt.';
  $('confirm-prompt').textContent = prompt;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'send'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('confirm-no').focus();
  });
}

/**
 * Asks before sending a prompt that names flights other desks hold; `sentences` says each claim in words
 * ("EY283 is claimed by desk OCC-2 (Sara Ahmed) since 10:31 UTC, until 12:31 UTC."). Resolves true to send.
 */
export function confirmDespiteClaims(dialog, sentences) {
  const body = $('claim-confirm-text');
  if (sentences.length === 1) {
    body.replaceChildren(el('p', { text: `${sentences[0]} Send anyway?` }));
  } else {
    body.replaceChildren(
      el(
        'ul',
        {},
        sentences.map((s) => el('li', { text: s })),
      ),
      el('p', { text: 'Send anyway?' }),
    );
  }
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'send'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('claim-confirm-no').focus();
  });
}
