// The confirmation some environments ask for before each prompt (every
// production one by default): it names the environment and repeats the
// prompt, with "Back" focused so that a stray Enter sends nothing.

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
