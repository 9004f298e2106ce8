// The credentials panel: which secrets an environment needs, whether each
// is set, and fields to set or clear them. A secret goes from its field
// into the keyring and the field is emptied; nothing ever shows it again.

import { el } from './dom.js';
import * as ipc from './ipc.js';

const NEEDS = {
  aws_sigv4: [
    ['aws_access_key_id', 'AWS access key id', true],
    ['aws_secret_access_key', 'AWS secret access key', true],
    ['aws_session_token', 'AWS session token (temporary keys only)', false],
  ],
  bearer: [['bearer_token', 'Bearer token', true]],
  api_key: [['api_key', 'API key', true]],
};

const METHOD_NAMES = { aws_sigv4: 'AWS SigV4', bearer: 'bearer token', api_key: 'API key' };

/** Shows the panel for `env`, or hides it when the environment needs none. */
export async function showCredentials(root, env) {
  const needs = NEEDS[env?.auth_method];
  root.hidden = !needs;
  if (!needs) return;
  root.querySelector('#cred-method').textContent = `(${METHOD_NAMES[env.auth_method]})`;
  const message = root.querySelector('#cred-message');
  const fields = root.querySelector('#cred-fields');
  const profile = env.auth_method === 'aws_sigv4' && env.aws_profile;
  // A profile's keys are the AWS tools', never the keyring's: the keyring's line would contradict it.
  root.querySelector('#cred-keyring').hidden = Boolean(profile);
  if (profile) {
    // The keys come from the user's AWS config; none are asked for or kept here.
    fields.replaceChildren(
      el('p', {
        class: 'hint',
        id: 'cred-profile',
        text:
          `Signed with AWS profile ${env.aws_profile} from your AWS config; no keys are kept here. ` +
          `If it uses IAM Identity Center, sign in with: aws sso login --profile ${env.aws_profile}`,
      }),
    );
    message.textContent = '';
    return;
  }
  const render = (status) => {
    fields.replaceChildren(
      ...needs.map(([kind, label, required]) => row(env, kind, label, required, status, render, message)),
    );
  };
  try {
    render(await ipc.credentialStatus(env.id));
    message.textContent = '';
  } catch (error) {
    render({ present: [], access_key_hint: null, unknown: true });
    message.textContent = error.message;
  }
}

function row(env, kind, label, required, status, render, message) {
  const set = status.present.includes(kind);
  const hint = kind === 'aws_access_key_id' && set && status.access_key_hint ? ` (…${status.access_key_hint})` : '';
  const input = el('input', {
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': label,
    id: `cred-${kind}`,
  });
  const save = el('button', { type: 'button', text: set ? 'Replace' : 'Save' });
  const clear = el('button', { type: 'button', class: 'link', text: 'Clear', hidden: !set });
  save.addEventListener('click', async () => {
    const secret = input.value;
    input.value = '';
    if (!secret.trim()) {
      message.textContent = `Type the ${label.toLowerCase()} first.`;
      return;
    }
    try {
      render(await ipc.setCredential(env.id, kind, secret));
      message.textContent = `${label} saved in the keyring.`;
    } catch (error) {
      message.textContent = error.message;
    }
  });
  clear.addEventListener('click', async () => {
    try {
      render(await ipc.clearCredential(env.id, kind));
      message.textContent = `${label} removed from the keyring.`;
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return el(
    'div',
    { class: 'cred-row', dataset: { kind, set: String(set) } },
    el(
      'div',
      { class: 'cred-label' },
      el('label', { for: `cred-${kind}`, text: label }),
      el('span', {
        class: set ? 'cred-state set' : 'cred-state',
        text: status.unknown ? 'keyring unavailable' : set ? `set${hint}` : required ? 'not set' : 'not set (optional)',
      }),
    ),
    el('div', { class: 'cred-input' }, input, save, clear),
  );
}
