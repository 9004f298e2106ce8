// The server's prompt rules, applied as the user types. The core checks
// them again before sending; this is for instant feedback.

import { numberText } from './format.js';

export const PROMPT_MIN = 10;
export const PROMPT_MAX = 10000;

/** Characters as the server counts them: Unicode code points. */
export function characters(prompt) {
  let count = 0;
  for (const _ of prompt) count += 1;
  return count;
}

/** `null` when the prompt may be sent, otherwise what to fix. */
export function ruleBroken(prompt) {
  const count = characters(prompt);
  if (count === 0) return 'Describe the disruption: the flight, what happened and its effect.';
  if (count < PROMPT_MIN) {
    return `At least ${PROMPT_MIN} characters are needed (${PROMPT_MIN - count} more).`;
  }
  if (count > PROMPT_MAX) {
    const over = numberText(count - PROMPT_MAX);
    return `At most ${numberText(PROMPT_MAX)} characters: remove ${over}.`;
  }
  return null;
}

/** The counter text, such as `42 / 10,000`. */
export function counter(prompt) {
  return `${numberText(characters(prompt))} / ${numberText(PROMPT_MAX)}`;
}
