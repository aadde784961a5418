import { encodeEvent } from './encodeEvent.js';
import type { TraceEvent, TraceKind, TraceSink } from './TraceEvent.js';
import { matchTrace, type TraceFilter } from './TraceFilter.js';

/** Options of {@link createMemoryTrace}. */
export interface MemoryTraceOptions {
  /**
   * Keep only the last `limit` events (a ring buffer: memory stays flat in a
   * long run). A positive integer; undefined keeps every event.
   * @default undefined
   */
  limit?: number;
}

/**
 * A trace sink that keeps events in memory, with queries for specs and
 * debugging. Every query returns a new array, in the order events were
 * written (seq order); the events themselves are shared, so don't mutate them.
 *
 * @example
 * const trace = createMemoryTrace({ limit: 10_000 });
 * const tracer = createTracer({ sinks: [trace] });
 * // … run …
 * trace.byType('Ping').length;
 * trace.causalChain(42); // how message 42 came about, and what it caused
 */
export class MemoryTrace implements TraceSink {
  private readonly limit: number;
  private buffer: TraceEvent[] = [];
  /** Index of the oldest event once the ring is full. */
  private start = 0;
  private evictedCount = 0;

  constructor(options: MemoryTraceOptions = {}) {
    const limit = options.limit ?? Infinity;
    if (limit !== Infinity && !(Number.isInteger(limit) && limit > 0)) {
      throw new RangeError(`MemoryTrace limit must be a positive integer, got ${limit}`);
    }
    this.limit = limit;
  }

  /** Keep an event (dropping the oldest one when the ring is full). */
  write(event: TraceEvent): void {
    const buffer = this.buffer;
    if (buffer.length < this.limit) {
      buffer.push(event);
      return;
    }
    buffer[this.start] = event;
    this.start = this.start + 1 === this.limit ? 0 : this.start + 1;
    this.evictedCount++;
  }

  /** Number of events held. */
  get size(): number {
    return this.buffer.length;
  }

  /** Number of events dropped by the ring limit so far. */
  get evicted(): number {
    return this.evictedCount;
  }

  /** Forget every event. */
  clear(): void {
    this.buffer = [];
    this.start = 0;
    this.evictedCount = 0;
  }

  /** All events held, oldest first. */
  events(): TraceEvent[] {
    if (this.start === 0) return this.buffer.slice();
    return this.buffer.slice(this.start).concat(this.buffer.slice(0, this.start));
  }

  /** The last `n` events, oldest first. */
  lastN(n: number): TraceEvent[] {
    if (n <= 0) return [];
    const all = this.events();
    return all.slice(Math.max(0, all.length - n));
  }

  /** Events matching a filter (see {@link TraceFilter}). */
  filter(f: TraceFilter): TraceEvent[] {
    return this.events().filter(matchTrace(f));
  }

  /** Events that happened at an actor path (on any node, or on `node` only). */
  byActor(path: string, node?: string): TraceEvent[] {
    return this.filter(node === undefined ? { actor: path } : { actor: path, node });
  }

  /** Events that happened on a node. */
  byNode(node: string): TraceEvent[] {
    return this.filter({ node });
  }

  /** Events of one message type (or milestone or fault name). */
  byType(type: string): TraceEvent[] {
    return this.filter({ type });
  }

  /** Events of one kind. */
  byKind(kind: TraceKind): TraceEvent[] {
    return this.filter({ kind });
  }

  /** Events with `fromMs <= t <= toMs`. */
  between(fromMs: number, toMs: number): TraceEvent[] {
    return this.filter({ fromMs, toMs });
  }

  /**
   * The causal history of a message, in seq order:
   * - every event of the message itself (send, deliver, drop, …);
   * - its ancestors: the message that was being handled when it was sent
   *   (its `cause`), that message's cause, and so on up to the root;
   * - its descendants: messages sent while handling it, recursively, and the
   *   events without a message id (milestones, spawns, …) whose `cause` is
   *   the message or a descendant.
   *
   * Siblings (other messages caused by an ancestor) are not included. Only
   * the events still held count: with a ring limit, the chain may be cut.
   * A `cause` of 0 means none (a root). An unknown id gives an empty array.
   */
  causalChain(msgId: number): TraceEvent[] {
    const events = this.events();
    const causeOf = new Map<number, number>();
    const childrenOf = new Map<number, number[]>();
    for (const e of events) {
      // The runtime writes cause 0 for a message sent outside any handler: a root.
      if (e.msg === undefined || e.cause === undefined || e.cause <= 0 || causeOf.has(e.msg)) continue;
      causeOf.set(e.msg, e.cause);
      const children = childrenOf.get(e.cause);
      if (children) children.push(e.msg);
      else childrenOf.set(e.cause, [e.msg]);
    }

    const downstream = new Set<number>([msgId]);
    const stack = [msgId];
    while (stack.length > 0) {
      for (const child of childrenOf.get(stack.pop()!) ?? []) {
        if (!downstream.has(child)) {
          downstream.add(child);
          stack.push(child);
        }
      }
    }
    const chain = new Set(downstream);
    for (let m = causeOf.get(msgId); m !== undefined && !chain.has(m); m = causeOf.get(m)) chain.add(m);

    return events
      .filter((e) => (e.msg !== undefined ? chain.has(e.msg) : e.cause !== undefined && downstream.has(e.cause)))
      .sort((a, b) => a.seq - b.seq);
  }

  /** All events held as JSON Lines (one {@link encodeEvent} line each, each ending in `\n`). */
  toJsonl(): string {
    let s = '';
    for (const e of this.events()) s += encodeEvent(e) + '\n';
    return s;
  }

  /** Nothing to release; here so a MemoryTrace closes like any sink. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Create an in-memory trace sink.
 *
 * @example
 * const trace = createMemoryTrace({ limit: 1000 }); // keeps the last 1000 events
 */
export const createMemoryTrace = (options: MemoryTraceOptions = {}): MemoryTrace => new MemoryTrace(options);
