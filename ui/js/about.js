// The About dialog: the version and build, where the console keeps its
// files, and "Copy diagnostics" for a support ticket.

import { copyText, el } from './dom.js';
import * as ipc from './ipc.js';

/** Wires the About `dialog` to its `opener` button. */
export function wireAbout(dialog, opener) {
  const body = dialog.querySelector('#about-body');
  const said = dialog.querySelector('#about-message');
  opener.addEventListener('click', async () => {
    said.textContent = '';
    try {
      const a = await ipc.about();
      const row = (label, value) => [
        el('dt', { text: label }),
        el('dd', {}, value ? el('code', { text: value }) : 'none'),
      ];
      body.replaceChildren(
        el(
          'dl',
          { class: 'facts wide' },
          row('Version', `${a.version} (${a.build})`),
          row('Environments file', a.environments_file),
          row('Organisation file', a.organisation_file),
          row('History', a.history_file),
          row('Logs', a.log_dir),
          row('Exports', a.export_dir),
        ),
      );
    } catch (error) {
      body.replaceChildren(el('p', { text: error?.message ?? String(error) }));
    }
    dialog.showModal();
  });
  dialog.querySelector('#about-copy').addEventListener('click', async () => {
    try {
      const text = await ipc.diagnostics();
      said.textContent = (await copyText(text))
        ? `Diagnostics copied (${text.split('\n').length} lines, no secrets): paste them into your support ticket.`
        : 'The clipboard is not available here: use Save diagnostics, or run `skymarshal doctor --bundle`.';
    } catch (error) {
      said.textContent = error?.message ?? String(error);
    }
  });
  dialog.querySelector('#about-save').addEventListener('click', async () => {
    try {
      const path = await ipc.saveDiagnostics();
      said.textContent = `Diagnostics saved in ${path} (no secrets): attach the file to your support ticket.`;
    } catch (error) {
      said.textContent = error?.message ?? String(error);
    }
  });
}
