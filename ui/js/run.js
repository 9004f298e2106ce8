// What one run has said so far, rebuilt from its messages. Checks that
// messages arrive in order and without gaps (each carries its position).

import { obj } from './dom.js';

export class RunModel {
  constructor() {
    this.runId = null;
    this.nextSeq = 0;
    this.gaps = [];
    this.state = 'connecting';
    this.status = null;
    this.requestId = null;
    this.sessionId = null;
    this.chunks = 0;
    this.analysis = null;
    this.partials = [];
    this.events = [];
    this.warnings = [];
    this.finished = null;
    this.lastChunkReceivedAt = null;
    // The decision panel's height measured while a live run waited
    // (decisions/slot.js `rehearseSlot`); null for stored runs.
    this.slotMeasure = null;
  }

  /** Takes in one message; returns what changed (`state`, `analysis`, ...). */
  accept(message) {
    if (message.seq !== this.nextSeq) {
      this.gaps.push({ expected: this.nextSeq, got: message.seq });
    }
    this.nextSeq = message.seq + 1;
    this.runId = message.run_id;
    switch (message.kind) {
      case 'response':
        this.status = message.status;
        this.state = 'responded';
        return 'state';
      case 'event':
        return this.acceptEvent(message);
      case 'warning':
        this.warnings.push(message.message);
        return 'warnings';
      case 'finished':
        this.finished = message;
        this.requestId = message.request_id ?? this.requestId;
        this.sessionId = message.session_id ?? this.sessionId;
        this.state = verdict(message);
        return 'state';
      default:
        return null;
    }
  }

  acceptEvent(message) {
    this.events.push(message);
    const event = obj(message.event) ?? {};
    switch (event.type) {
      case 'metadata':
        this.requestId = event.request_id ?? null;
        this.sessionId = event.session_id ?? null;
        this.state = 'waiting';
        return 'state';
      case 'chunk': {
        this.chunks += 1;
        this.lastChunkReceivedAt = message.received_at;
        this.state = 'receiving';
        const data = obj(event.data);
        if (data && obj(data.final_decision)) {
          this.analysis = data;
          return 'analysis';
        }
        this.partials.push(event.data);
        return 'partial';
      }
      case 'complete':
      case 'error':
        return null;
      default:
        return null;
    }
  }
}

/** The final state of a run from its `finished` message. */
function verdict(finished) {
  if (finished.ok) return 'complete';
  switch (finished.error?.kind) {
    case 'cancelled':
      return 'cancelled';
    case 'interrupted':
      return 'interrupted';
    default:
      return finished.error?.may_still_be_running ? 'interrupted' : 'failed';
  }
}
