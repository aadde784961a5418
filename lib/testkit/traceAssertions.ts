import type { MemoryTrace, TraceEvent } from '../trace/index.js';

/** Which events an assertion is about; every given field must match. */
export interface EventMatch {
  /** Message type (or milestone/fault name). */
  type?: string;
  /** Actor path where the event happened (receiver for deliver, sender for send). */
  actor?: string;
  node?: string;
  /** deliver: sender path. */
  from?: string;
  /** send: target path. */
  to?: string;
  /** drop / dead-letter reason. */
  reason?: string;
  fromMs?: number;
  toMs?: number;
}

const matches = (e: TraceEvent, m: EventMatch): boolean =>
  (m.type === undefined || e.type === m.type) &&
  (m.actor === undefined || e.actor === m.actor) &&
  (m.node === undefined || e.node === m.node) &&
  (m.from === undefined || e.from === m.from) &&
  (m.to === undefined || e.to === m.to) &&
  (m.reason === undefined || e.reason === m.reason) &&
  (m.fromMs === undefined || e.t >= m.fromMs) &&
  (m.toMs === undefined || e.t <= m.toMs);

const eventsOf = (subject: unknown): TraceEvent[] => {
  if (Array.isArray(subject)) return subject as TraceEvent[];
  if (subject !== null && typeof subject === 'object' && typeof (subject as MemoryTrace).events === 'function') return (subject as MemoryTrace).events();
  throw new TypeError('expected a MemoryTrace or an array of trace events');
};

const describe = (m: EventMatch): string => JSON.stringify(m);

/** The events of `kind` matching `m`. */
export const findEvents = (subject: MemoryTrace | ReadonlyArray<TraceEvent>, kind: TraceEvent['kind'] | 'drop-or-dead', m: EventMatch): TraceEvent[] =>
  eventsOf(subject).filter((e) => (kind === 'drop-or-dead' ? e.kind === 'drop' || e.kind === 'dead-letter' : e.kind === kind) && matches(e, m));

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    interface Assertion {
      /** The trace has a deliver event matching. */
      delivered(match: EventMatch): Assertion;
      /** The trace has a send event matching. */
      sent(match: EventMatch): Assertion;
      /** The trace has a drop or dead-letter event matching. */
      dropped(match: EventMatch): Assertion;
      /** The trace has a milestone with this name (and these data fields). */
      milestone(name: string, data?: Record<string, unknown>): Assertion;
      /** The first delivery matching `first` comes before the first matching `second`. */
      deliveredBefore(first: EventMatch, second: EventMatch): Assertion;
    }
  }
}

/**
 * chai assertions over traces. Use with `chai.use(troupeChai)`.
 *
 * @example
 * chai.use(troupeChai);
 * expect(sim.trace).to.have.delivered({ type: 'pong', actor: '/client' });
 * expect(sim.trace).to.have.dropped({ reason: 'partition' });
 * expect(sim.trace).to.have.deliveredBefore({ type: 'prepare' }, { type: 'commit' });
 */
export const troupeChai = (chai: Chai.ChaiStatic, utils: Chai.ChaiUtils): void => {
  const { Assertion } = chai;
  const kindAssertion = (name: string, kind: TraceEvent['kind'] | 'drop-or-dead') =>
    Assertion.addMethod(name, function (this: Chai.AssertionStatic, m: EventMatch) {
      const found = findEvents(this._obj, kind, m);
      this.assert(found.length > 0, `expected the trace to have ${name} ${describe(m)}`, `expected the trace not to have ${name} ${describe(m)}, found ${found.length}`, m, undefined);
    });
  kindAssertion('delivered', 'deliver');
  kindAssertion('sent', 'send');
  kindAssertion('dropped', 'drop-or-dead');
  Assertion.addMethod('milestone', function (this: Chai.AssertionStatic, name: string, data?: Record<string, unknown>) {
    const found = eventsOf(this._obj).filter(
      (e) => e.kind === 'milestone' && e.type === name && (data === undefined || Object.entries(data).every(([k, v]) => utils.eql((e.data ?? {})[k], v))),
    );
    this.assert(found.length > 0, `expected a milestone ${name} ${data === undefined ? '' : JSON.stringify(data)}`, `expected no milestone ${name}`, name, undefined);
  });
  Assertion.addMethod('deliveredBefore', function (this: Chai.AssertionStatic, first: EventMatch, second: EventMatch) {
    const events = eventsOf(this._obj).filter((e) => e.kind === 'deliver');
    const a = events.find((e) => matches(e, first));
    const b = events.find((e) => matches(e, second));
    this.assert(
      a !== undefined && b !== undefined && a.seq < b.seq,
      `expected ${describe(first)} (seq ${a?.seq ?? 'none'}) to be delivered before ${describe(second)} (seq ${b?.seq ?? 'none'})`,
      `expected ${describe(first)} not to be delivered before ${describe(second)}`,
      undefined,
      undefined,
    );
  });
};
