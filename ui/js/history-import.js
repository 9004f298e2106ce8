// The history dialog's import form: a session another console exported
// (its Export JSON), chosen as a file or pasted. The window only reads what
// the user chose; the console checks the text and imports it.

import { button, el } from './dom.js';
import * as ipc from './ipc.js';

/**
 * Shows the form in `slot`, replacing what was there. `imported(report)`
 * is awaited after an import (`report`: `{session, added, skipped}`);
 * `failed(error)` gets the console's refusal, or an error of `imported`.
 */
export function showImportForm(slot, { imported, failed }) {
  const area = el('textarea', {
    rows: '14',
    class: 'envm-text',
    id: 'hist-import',
    'aria-label': 'Exported session (JSON)',
    placeholder: '{"format": "skymarshal-history", …}',
  });
  const file = el('input', {
    type: 'file',
    accept: '.json,application/json',
    'aria-label': 'Choose an exported file',
  });
  file.addEventListener('change', async () => {
    if (file.files?.[0]) area.value = await file.files[0].text();
  });
  slot.replaceChildren(
    el(
      'section',
      {},
      el('h3', { text: 'Import a session' }),
      el('p', {
        class: 'hint',
        text:
          'Choose a file another console exported (Export JSON), or paste it. ' +
          'Runs already here are left as they are.',
      }),
      file,
      area,
      el(
        'div',
        { class: 'hist-actions' },
        button(
          'Import',
          async () => {
            try {
              await imported(await ipc.importHistory(area.value));
            } catch (error) {
              failed(error);
            }
          },
          { cls: 'primary', id: 'hist-import-go' },
        ),
      ),
    ),
  );
  area.focus();
}
