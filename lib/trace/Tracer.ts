import type { TraceEvent, TraceSink } from './TraceEvent.js';

/** Options of a {@link Tracer}. */
export interface TracerOptions {
  /** Where events go. No sink means tracing is off (and costs one branch per event). @default [] */
  sinks?: TraceSink[];
  /** Include each message's payload in send events. @default false */
  payloads?: boolean;
}

/**
 * Every event has the same fields in the same order (absent ones undefined):
 * one hidden class for the engine, so recording and sinks stay fast.
 */
const fullEvent = (
  seq: number,
  t: number,
  kind: TraceEvent['kind'],
  node: string,
  actor: string,
  lamport: number,
  msg: number | undefined,
  cause: number | undefined,
  type: string | undefined,
  to: string | undefined,
  toNode: string | undefined,
  from: string | undefined,
  fromNode: string | undefined,
  reason: string | undefined,
  detail: string | undefined,
  data: Record<string, unknown> | undefined,
  payload: unknown,
): TraceEvent => ({ seq, t, kind, node, actor, lamport, msg, cause, type, to, toNode, from, fromNode, reason, detail, data, payload }) as TraceEvent;

/** An event before the tracer numbered it. */
export type UnnumberedEvent = Omit<TraceEvent, 'seq'>;

/**
 * Numbers trace events and hands them to its sinks, in order. The runtime
 * checks `enabled` before building an event, so a tracer without sinks costs
 * next to nothing.
 *
 * @example
 * const memory = createMemoryTrace();
 * const tracer = createTracer({ sinks: [memory] });
 */
export class Tracer {
  private readonly sinks: TraceSink[];
  private nextSeq = 1;
  /** True when at least one sink is attached. */
  enabled: boolean;
  /** True when payloads are recorded. */
  payloads: boolean;

  constructor(options: TracerOptions = {}) {
    this.sinks = [...(options.sinks ?? [])];
    this.enabled = this.sinks.length > 0;
    this.payloads = options.payloads ?? false;
  }

  /** Number of events recorded so far. */
  get count(): number {
    return this.nextSeq - 1;
  }

  /** Record an event (a no-op when disabled). Returns its seq, or 0. */
  record(event: UnnumberedEvent): number {
    if (!this.enabled) return 0;
    const e = event;
    return this.emit(
      fullEvent(this.nextSeq++, e.t, e.kind, e.node, e.actor, e.lamport, e.msg, e.cause, e.type, e.to, e.toNode, e.from, e.fromNode, e.reason, e.detail, e.data, e.payload),
    );
  }

  /** Fast path for the most frequent event: a message sent. */
  send(t: number, node: string, actor: string, lamport: number, msg: number, cause: number, type: string, to: string, toNode: string, payload: unknown): void {
    if (!this.enabled) return;
    this.emit(fullEvent(this.nextSeq++, t, 'send', node, actor, lamport, msg, cause, type, to, toNode, undefined, undefined, undefined, undefined, undefined, this.payloads ? payload : undefined));
  }

  /** Fast path for the other most frequent event: a message delivered. */
  deliver(t: number, node: string, actor: string, lamport: number, msg: number, type: string, from: string, fromNode: string): void {
    if (!this.enabled) return;
    this.emit(fullEvent(this.nextSeq++, t, 'deliver', node, actor, lamport, msg, undefined, type, undefined, undefined, from, fromNode, undefined, undefined, undefined, undefined));
  }

  private emit(event: TraceEvent): number {
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i].write(event);
    return event.seq;
  }

  /** Attach a sink; events from now on reach it too. */
  addSink(sink: TraceSink): void {
    this.sinks.push(sink);
    this.enabled = true;
  }

  /** Detach a sink (it is not closed). */
  removeSink(sink: TraceSink): void {
    const i = this.sinks.indexOf(sink);
    if (i >= 0) this.sinks.splice(i, 1);
    this.enabled = this.sinks.length > 0;
  }

  /** Close every sink (flushes files). */
  async close(): Promise<void> {
    for (const sink of this.sinks) if (sink.close) await sink.close();
  }
}

/**
 * Create a tracer.
 *
 * @example
 * const tracer = createTracer({ sinks: [createJsonlFileSink('traces/run.jsonl')], payloads: true });
 * tracer.record({ t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 }); // → 1
 * await tracer.close();
 */
export const createTracer = (options: TracerOptions = {}): Tracer => new Tracer(options);
