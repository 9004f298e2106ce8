// Links in agent text: inert until the user confirms, then opened in the
// system browser by the console (which checks again that it is https).
// Nothing here navigates the window or fetches anything.

import * as ipc from './ipc.js';

/** Wires every `.md-link` in the document to the confirmation `dialog`. */
export function wireLinks(dialog, onError) {
  const url = dialog.querySelector('#link-url');
  const ask = (href) => {
    url.textContent = href;
    dialog.returnValue = '';
    dialog.showModal();
    dialog.querySelector('#link-no').focus();
    dialog.addEventListener(
      'close',
      async () => {
        if (dialog.returnValue !== 'open') return;
        try {
          await ipc.openLink(href);
        } catch (error) {
          onError(error);
        }
      },
      { once: true },
    );
  };
  const target = (event) => (event.target instanceof Element ? event.target.closest('.md-link') : null);
  document.addEventListener('click', (event) => {
    const link = target(event);
    if (!link) return;
    event.preventDefault();
    ask(link.dataset.href);
  });
  document.addEventListener('keydown', (event) => {
    const link = target(event);
    if (link && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      ask(link.dataset.href);
    }
  });
}
