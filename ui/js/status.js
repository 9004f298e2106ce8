// The status line: an honest account of where the run is. The server says
// nothing between accepting a prompt and sending its analysis, so while
// waiting the line shows only the time elapsed, never invented progress.

const LABELS = {
  idle: ['Ready', 'Describe a disruption and send it.'],
  connecting: ['Connecting', 'Sending the prompt to the server.'],
  responded: ['Connected', 'The server answered; waiting for it to accept the analysis.'],
  waiting: ['Accepted', 'Waiting for the agents. The server sends nothing until they finish (usually 1 to 5 minutes).'],
  receiving: ['Receiving', 'The analysis is arriving.'],
  complete: ['Complete', ''],
  failed: ['Failed', ''],
  interrupted: ['Interrupted', ''],
  cancelled: [
    'Cancelled',
    'The connection was closed. The analysis may still finish on the server, but it will not be shown.',
  ],
};

export class StatusLine {
  constructor(root) {
    this.root = root;
    this.stateNode = root.querySelector('#status-state');
    this.textNode = root.querySelector('#status-text');
    this.elapsedNode = root.querySelector('#status-elapsed');
    this.timer = null;
    this.startedAt = 0;
  }

  /** Shows `state`, with `detail` replacing the default words when given. */
  show(state, detail) {
    const [label, words] = LABELS[state] ?? [state, ''];
    this.root.dataset.state = state;
    this.stateNode.textContent = label;
    this.textNode.textContent = detail ?? words;
  }

  startClock() {
    this.stopClock();
    this.startedAt = performance.now();
    this.tick();
    this.timer = setInterval(() => this.tick(), 250);
  }

  /**
   * Stops the clock. One that was running shows the time up to now, to the
   * tenth under a minute, as the server's time is given: a run of 2.56 s
   * reads 2.6 s, never its last quarter-second tick's 2 s.
   */
  stopClock() {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.showTime(performance.now() - this.startedAt);
  }

  /** Shows a run's time, `ms` milliseconds (a stored run's, as recorded), or nothing for null. */
  showTime(ms) {
    this.elapsedNode.textContent = ms === null ? '' : runTime(ms);
  }

  tick() {
    const seconds = Math.floor((performance.now() - this.startedAt) / 1000);
    this.elapsedNode.textContent = formatDuration(seconds);
  }
}

/** A run's time, `ms` milliseconds: `2.6 s` under a minute, else as `formatDuration`. */
export function runTime(ms) {
  return ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(Math.round(ms / 1000));
}

/** `42 s`, `3 min 05 s`. */
export function formatDuration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}
