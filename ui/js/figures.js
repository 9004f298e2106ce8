// The view's own figures, kept on the page's dataset for the figures test
// to read: from a chunk's receipt in the core to the handler (IPC), and
// from there to the view painted (the first task after the next animation
// frame): first the decision, then the whole analysis (its sections off
// screen not yet laid out), then every section laid out.

/** Runs `render`, forces layout, and answers the milliseconds it took. */
export function timed(render, root) {
  const started = performance.now();
  render();
  void root.offsetHeight;
  return performance.now() - started;
}

/** Milliseconds from the chunk's receipt in the core (seconds) to its arrival in the page (ms). */
function ipcMs(receivedAt, arrivedMs) {
  return arrivedMs - receivedAt * 1000;
}

/**
 * A full analysis is being drawn: until `recordLaidOut`, the page says it
 * is not whole yet. When it came (ms since the page started) is kept too, to
 * tell whether the layout rehearsal (warmup.js) was done by then.
 */
export function analysisStarted() {
  document.body.dataset.analysisWhole = 'false';
  document.body.dataset.chunkArrivedAtMs = String(Math.round(performance.now()));
}

/**
 * The first part of a full analysis is in the page, `buildMs` after its
 * chunk arrived; records that, and how long the browser then took to
 * start its next frame (`frameWaitMs`: other tasks, the frame's timing),
 * so the figures can tell the view's own work from the browser's.
 */
export function recordBuilt(buildMs) {
  const data = document.body.dataset;
  data.chunkBuildMs = String(Math.round(buildMs));
  const built = performance.now();
  requestAnimationFrame(() => {
    data.chunkFrameWaitMs = String(Math.round(performance.now() - built));
  });
}

/**
 * Records the first part of a full analysis on screen: `renderMs` to
 * paint the decision, which names the recommended option.
 */
export function recordFirst(receivedAt, arrivedMs, renderMs) {
  if (receivedAt === null) return;
  document.body.dataset.chunkToDecisionMs = String(Math.round(ipcMs(receivedAt, arrivedMs) + renderMs));
}

/**
 * Records where the options section stood in the first frame it was laid
 * out in (`root` is the analysis view), so the figures can tell whether
 * anything that arrived later (the decision panel) moved it. The section,
 * not its cards: their layout waits until they are on screen
 * (`belowfold.js`), and they move only with it. Read from an
 * IntersectionObserver's first entry, which forces no layout of its own.
 * Only for a live chunk.
 */
export function recordOptionsIn(receivedAt, root) {
  if (receivedAt === null) return;
  const data = document.body.dataset;
  const anchor = root.querySelector(':scope > .options-section');
  data.firstAnchorTop = '';
  if (!anchor) return;
  const seen = new IntersectionObserver(([entry]) => {
    seen.disconnect();
    data.firstAnchorTop = String(Math.round(entry.boundingClientRect.top));
  });
  seen.observe(anchor);
}

/**
 * Records the whole analysis in the page and the first frame painted with
 * it, `renderMs` after its chunk arrived; the sections off screen are laid
 * out later (`recordLaidOut`).
 */
export function recordWhole(receivedAt, arrivedMs, renderMs) {
  if (receivedAt === null) return;
  const data = document.body.dataset;
  const ipc = ipcMs(receivedAt, arrivedMs);
  data.chunkIpcMs = String(Math.round(ipc));
  data.chunkRenderMs = String(Math.round(renderMs));
  data.chunkToScreenMs = String(Math.round(ipc + renderMs));
}

/**
 * Every section of the analysis is laid out (`belowfold.js`), `renderMs`
 * after its chunk arrived: what the window tests wait for before they read
 * a section's text.
 */
export function recordLaidOut(receivedAt, arrivedMs, renderMs) {
  const data = document.body.dataset;
  data.analysisWhole = 'true';
  if (receivedAt === null) return;
  data.chunkToLaidOutMs = String(Math.round(ipcMs(receivedAt, arrivedMs) + renderMs));
}

/** Keeps the slowest partial-result render. */
export function recordPartial(renderMs) {
  const slowest = Number(document.body.dataset.partialRenderMaxMs ?? 0);
  document.body.dataset.partialRenderMaxMs = String(Math.max(slowest, Math.round(renderMs)));
}
