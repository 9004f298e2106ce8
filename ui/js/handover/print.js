// Printing a handover from the window: the document is copied into
// `#print-root`, which the print stylesheet shows alone (the page and the
// open dialog are not printed), and emptied once the print is done.

/** Prints `doc` (a handover document element) through the system's print dialog. */
export function printHandover(doc) {
  const root = document.getElementById('print-root');
  root.replaceChildren(doc);
  document.body.dataset.printing = 'handover';
  const done = () => {
    delete document.body.dataset.printing;
    root.replaceChildren();
  };
  window.addEventListener('afterprint', done, { once: true });
  window.print();
}
