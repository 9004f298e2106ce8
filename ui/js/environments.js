// The environments dialog: list, add, edit, duplicate, remove, check,
// import and export. Every change goes to the console, which writes the
// user's file and answers with the list as the file now defines it; this
// module only shows forms and results.

import { button, clear, copyText, el } from './dom.js';
import { checkEnvironment } from './health.js';
import * as ipc from './ipc.js';

const METHODS = [
  ['none', 'None (open Function URL)'],
  ['aws_sigv4', 'AWS IAM (SigV4)'],
  ['bearer', 'Bearer token'],
  ['api_key', 'API key in a header'],
];

// How each kind of AWS profile is named beside it in the profile choice.
const PROFILE_KINDS = {
  sso: 'IAM Identity Center',
  process: 'credential_process',
  assume_role: 'assumed role',
  profile_static: 'static keys',
};

const SOURCES = { built_in: 'built in', user: 'yours', organisation: 'organisation, read-only' };

/**
 * Wires the dialog. `onChanged(list, selectId, renamed)` is called with the
 * new environment list after each change: `selectId` names a new
 * environment to make active, `renamed` ({from, to}) an edited one.
 */
export function environmentManager(dialog, onChanged) {
  const $ = (sel) => dialog.querySelector(sel);
  const listRoot = $('#envm-list');
  const panel = $('#envm-panel');
  const message = $('#envm-message');
  let environments = [];

  const say = (text, bad = false) => {
    message.textContent = text;
    message.dataset.bad = String(bad);
  };

  const renderList = () => {
    clear(listRoot);
    for (const env of environments) {
      const actions = [];
      // Only a configured deployment has settings of its own to copy or share.
      const configured = env.kind === 'deployment';
      if (env.editable) actions.push(button('Edit', () => showForm(env, false), { label: `Edit ${env.name}` }));
      if (configured) actions.push(button('Duplicate', () => showForm(env, true), { label: `Duplicate ${env.name}` }));
      actions.push(button('Check', () => check(env), { label: `Check ${env.name}` }));
      if (configured) actions.push(button('Export', () => exportEnvs([env]), { label: `Export ${env.name}` }));
      if (env.editable)
        actions.push(button('Remove', () => confirmRemove(env), { label: `Remove ${env.name}`, cls: 'danger' }));
      listRoot.append(
        el(
          'li',
          { class: 'envm-row', dataset: { id: env.id, production: String(env.production) } },
          el('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { color: env.color } }),
          el(
            'div',
            { class: 'envm-name' },
            el('strong', { text: env.name }),
            env.production ? el('span', { class: 'env-badge prod', text: 'production' }) : null,
            el('span', { class: 'env-badge', text: SOURCES[env.source] ?? env.source }),
            el('div', { class: 'hint', text: env.invoke_url }),
          ),
          el('div', { class: 'envm-actions' }, actions),
        ),
      );
    }
    // Colours are custom properties, never inline style text.
    for (const swatch of listRoot.querySelectorAll('.swatch'))
      swatch.style.setProperty('--swatch', swatch.dataset.color);
  };

  // A new environment becomes the active one; an edited one stays where
  // it was (followed through a rename when it was the active one).
  const applyChange = (changed, text, editedId = null) => {
    environments = changed.list.environments;
    renderList();
    onChanged(
      changed.list,
      editedId === null ? (changed.id ?? null) : null,
      editedId === null ? null : { from: editedId, to: changed.id },
    );
    say(changed.notice ?? text, Boolean(changed.notice));
  };

  const showForm = (env, duplicate) => {
    // The environment's settings are the form's fields, at its top level.
    const d = env ?? {};
    const form = el('form', { class: 'envm-form', id: 'envm-form' });
    const field = (label, input, hint) =>
      el(
        'label',
        { class: 'field' },
        el('span', { text: label }),
        input,
        hint ? el('span', { class: 'hint', text: hint }) : null,
      );
    const text = (name, value, attrs = {}) =>
      el('input', { name, type: 'text', value: value ?? '', spellcheck: 'false', autocomplete: 'off', ...attrs });
    const number = (name, value, placeholder) =>
      el('input', { name, type: 'number', min: '1', step: 'any', value: value ?? '', placeholder });
    const method = el(
      'select',
      { name: 'auth_method' },
      METHODS.map(([value, label]) => el('option', { value, text: label })),
    );
    method.value = d.auth_method || 'none';
    const header = field('API key header', text('api_key_header', d.api_key_header ?? 'x-api-key'));
    const profiles = el('datalist', { id: 'envm-aws-profiles' });
    const profileHint = 'From your AWS config. Empty: keys in the keyring, else the AWS default chain.';
    const profile = field(
      'AWS profile (optional)',
      text('aws_profile', d.aws_profile, { list: 'envm-aws-profiles', placeholder: 'ops-prod' }),
      profileHint,
    );
    profile.append(profiles);
    // Names and kinds only: the console never hands a value from the files.
    ipc
      .awsProfiles()
      .then((found) => {
        profiles.replaceChildren(
          ...found.map((p) => el('option', { value: p.name, label: PROFILE_KINDS[p.kind] ?? 'no credentials' })),
        );
      })
      .catch((error) => {
        profile.querySelector('.hint').textContent = `${profileHint} ${error?.message ?? ''}`.trim();
      });
    const production = el('input', { name: 'production', type: 'checkbox' });
    production.checked = Boolean(d.production);
    const confirm = el('input', { name: 'confirm_before_send', type: 'checkbox' });
    confirm.checked = d.confirm_before_send ?? Boolean(d.production);
    const color = el('input', { name: 'color', type: 'color', value: d.color || defaultColor(d.production) });
    production.addEventListener('change', () => {
      confirm.checked = confirm.checked || production.checked;
      // A colour the user never chose follows the production flag.
      if (color.value === defaultColor(!production.checked)) color.value = defaultColor(production.checked);
    });
    const syncMethod = () => {
      header.hidden = method.value !== 'api_key';
      profile.hidden = method.value !== 'aws_sigv4';
    };
    method.addEventListener('change', syncMethod);
    syncMethod();
    const title = env === null ? 'New environment' : duplicate ? `Duplicate of ${env.name}` : `Edit ${env.name}`;
    form.append(
      el('h3', { text: title }),
      field('Name', text('name', duplicate ? `${d.name}-copy` : d.name, { required: 'required' })),
      field(
        'Invoke URL',
        text('invoke_url', d.invoke_url, {
          required: 'required',
          placeholder: 'https://abcd1234.lambda-url.me-central-1.on.aws/',
        }),
        'The Lambda Function URL itself: https, no /invoke path, not an execute-api URL.',
      ),
      field('Health URL (optional)', text('health_url', d.health_url)),
      field('AWS region', text('region', d.region, { placeholder: 'me-central-1' }), 'Required for AWS IAM.'),
      field('Authentication', method),
      header,
      profile,
      el(
        'div',
        { class: 'field-row' },
        el('label', { class: 'check' }, production, ' Production'),
        el('label', { class: 'check' }, confirm, ' Ask before each send'),
        el('label', { class: 'check' }, color, ' Colour'),
      ),
      el(
        'fieldset',
        { class: 'field-row' },
        el('legend', { text: 'Timeouts (seconds)' }),
        field('Connect', number('connect_seconds', d.connect_seconds, '10')),
        field('Idle', number('idle_seconds', d.idle_seconds, '330')),
        field('Total', number('total_seconds', d.total_seconds, '600')),
      ),
      el('p', {
        class: 'hint',
        text:
          'Secrets are not set here: after saving, use the Credentials panel. ' +
          'They go to the keyring, never to the file.',
      }),
      el(
        'div',
        { class: 'actions' },
        el('button', { type: 'submit', class: 'primary', id: 'envm-save', text: 'Save' }),
        button('Cancel', () => {
          clear(panel);
          say('');
        }),
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const draft = readDraft(form);
      const original = env !== null && !duplicate ? env.id : null;
      try {
        const changed = await ipc.saveEnvironment(original, draft);
        clear(panel);
        applyChange(changed, `${draft.name} saved to your environments file.`, original);
      } catch (error) {
        say(error.message, true);
      }
    });
    panel.replaceChildren(form);
    form.querySelector('input[name="name"]').focus();
    say('');
  };

  const check = async (env) => {
    const root = el('div', { class: 'health', id: 'envm-health' });
    panel.replaceChildren(root);
    await checkEnvironment(
      root,
      env,
      () => root.isConnected,
      (error) => root.replaceChildren(el('p', { text: error.message })),
    );
  };

  const confirmRemove = (env) => {
    panel.replaceChildren(
      el(
        'div',
        { class: 'envm-confirm' },
        el(
          'p',
          {},
          'Remove ',
          el('strong', { text: env.name }),
          ' from your environments file, and its credentials from the keyring?',
        ),
        el(
          'div',
          { class: 'actions' },
          button(
            `Remove ${env.name}`,
            async () => {
              try {
                const changed = await ipc.removeEnvironment(env.id);
                clear(panel);
                applyChange(changed, `${env.name} removed.`);
              } catch (error) {
                say(error.message, true);
              }
            },
            { cls: 'danger primary', id: 'envm-remove-yes' },
          ),
          button('Keep it', () => clear(panel)),
        ),
      ),
    );
  };

  const exportEnvs = async (list) => {
    try {
      const text = await ipc.exportEnvironments(list.map((e) => e.id));
      const area = el('textarea', {
        readonly: 'readonly',
        rows: '12',
        class: 'envm-text',
        'aria-label': 'Exported environments',
        id: 'envm-export',
      });
      area.value = text;
      panel.replaceChildren(
        el('h3', { text: 'Export' }),
        el('p', {
          class: 'hint',
          text: 'A file to share with colleagues: it holds no secret. Save it as a .toml file.',
        }),
        area,
        el(
          'div',
          { class: 'actions' },
          button('Copy', async () => say((await copyText(text)) ? 'Copied.' : 'Select the text and copy it.')),
        ),
      );
    } catch (error) {
      say(error.message, true);
    }
  };

  const showImport = () => {
    const area = el('textarea', {
      rows: '12',
      class: 'envm-text',
      'aria-label': 'Environments to import',
      id: 'envm-import',
      placeholder: '[[environment]]\nname = "staging"\n…',
    });
    panel.replaceChildren(
      el('h3', { text: 'Import' }),
      el('p', {
        class: 'hint',
        text: 'Paste an exported environments file. All of it is added, or nothing when any part has a problem.',
      }),
      area,
      el(
        'div',
        { class: 'actions' },
        button(
          'Import',
          async () => {
            try {
              const imported = await ipc.importEnvironments(area.value);
              clear(panel);
              applyChange(
                { list: imported.list, id: null, notice: null },
                `Imported ${imported.added.join(', ')}. Set their credentials next.`,
              );
            } catch (error) {
              say(error.message, true);
            }
          },
          { cls: 'primary', id: 'envm-import-go' },
        ),
      ),
    );
    area.focus();
  };

  $('#envm-new').addEventListener('click', () => showForm(null, false));
  $('#envm-import-open').addEventListener('click', showImport);
  $('#envm-export-all').addEventListener('click', () => exportEnvs(environments.filter((e) => e.editable)));
  $('#envm-close').addEventListener('click', () => dialog.close());

  return {
    open(list, checkId = null) {
      environments = list;
      renderList();
      clear(panel);
      say('');
      dialog.showModal();
      const env = environments.find((e) => e.id === checkId);
      if (env) check(env);
    },
  };
}

function defaultColor(production) {
  return production ? '#b91c1c' : '#2563eb';
}

/** The form's fields as an EnvironmentDraft; empty fields are absent. */
function readDraft(form) {
  const value = (name) => form.elements[name].value.trim();
  const optional = (name) => value(name) || null;
  const seconds = (name) => (value(name) === '' ? null : Number(value(name)));
  return {
    name: value('name'),
    invoke_url: value('invoke_url'),
    health_url: optional('health_url'),
    region: optional('region'),
    production: form.elements.production.checked,
    color: optional('color'),
    confirm_before_send: form.elements.confirm_before_send.checked,
    auth_method: value('auth_method'),
    api_key_header: value('auth_method') === 'api_key' ? optional('api_key_header') : null,
    aws_profile: value('auth_method') === 'aws_sigv4' ? optional('aws_profile') : null,
    connect_seconds: seconds('connect_seconds'),
    idle_seconds: seconds('idle_seconds'),
    total_seconds: seconds('total_seconds'),
  };
}
