// The view's own figures, kept on the page's dataset for the figures test
// to read: from a chunk's receipt in the core to the handler (IPC), and
// from there to the view laid out (render). Paint is left out: under a
// virtual display WebKit throttles animation frames.

/** Runs `render`, forces layout, and answers the milliseconds it took. */
export function timed(render, root) {
  const started = performance.now();
  render();
  void root.offsetHeight;
  return performance.now() - started;
}

/** Records a full analysis's chunk figures. */
export function recordChunk(receivedAt, arrivedMs, renderMs) {
  if (receivedAt === null) return;
  const ipc = arrivedMs - receivedAt * 1000;
  document.body.dataset.chunkIpcMs = String(Math.round(ipc));
  document.body.dataset.chunkRenderMs = String(Math.round(renderMs));
  document.body.dataset.chunkToScreenMs = String(Math.round(ipc + renderMs));
}

/** Keeps the slowest partial-result render. */
export function recordPartial(renderMs) {
  const slowest = Number(document.body.dataset.partialRenderMaxMs ?? 0);
  document.body.dataset.partialRenderMaxMs = String(Math.max(slowest, Math.round(renderMs)));
}
