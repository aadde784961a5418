import type { TraceEvent, TraceSink } from './TraceEvent.js';

/** Options of a {@link Tracer}. */
export interface TracerOptions {
  /** Where events go. No sink means tracing is off (and costs one branch per event). @default [] */
  sinks?: TraceSink[];
  /** Include each message's payload in send events. @default false */
  payloads?: boolean;
}

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
    const seq = this.nextSeq++;
    const numbered = { seq, ...event } as TraceEvent;
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i].write(numbered);
    return seq;
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
