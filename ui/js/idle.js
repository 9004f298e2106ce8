// When the window has nothing else to do. WebKitGTK may ship without
// `requestIdleCallback` (it is a runtime setting there, off in the
// versions tested); a short timer then stands in for it.

/**
 * Runs `then` in the window's next idle period, or after `timeoutMs` (ms)
 * at most, even if it never is idle; without idle callbacks, after
 * `timeoutMs` or 200 ms, whichever is shorter.
 */
export function whenIdle(then, timeoutMs = 2000) {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(then, { timeout: timeoutMs });
  else setTimeout(then, Math.min(200, timeoutMs));
}
