import * as t from 'io-ts';

/**
 * What happened. One event per:
 * - `send`: an actor (or outside code) sent a message; `to`/`toNode` name the target.
 * - `deliver`: the target started handling it; `from`/`fromNode` name the sender.
 * - `drop`: a message was lost before delivery; `reason` says why (see {@link DropReason}).
 * - `dead-letter`: a message reached no live actor or failed decoding; `reason`, `detail` = decoder report.
 * - `spawn`, `stop`, `crash` (receive threw; `detail` = error), `restart` (by its supervisor).
 * - `timer`: a timer of the actor fired (`type` = the message it delivers).
 * - `fault`: a fault was injected (node crash, partition, …); `detail` describes it.
 * - `milestone`: a domain event an actor reported (`type` = its name, `data` = its fields).
 */
export const TraceKind = t.keyof({
  send: null,
  deliver: null,
  drop: null,
  'dead-letter': null,
  spawn: null,
  stop: null,
  crash: null,
  restart: null,
  timer: null,
  fault: null,
  milestone: null,
});
export type TraceKind = t.TypeOf<typeof TraceKind>;

/** Every trace kind, in schema order (codes in compact encodings are indexes into it). */
export const TRACE_KINDS: readonly TraceKind[] = Object.keys(TraceKind.keys) as TraceKind[];

/** Why a message did not arrive. */
export const DropReason = t.keyof({
  loss: null,
  partition: null,
  'node-down': null,
  'dead-letter': null,
  invalid: null,
  crash: null,
  stale: null,
});
export type DropReason = t.TypeOf<typeof DropReason>;

/**
 * One line of the trace (JSON Lines is the canonical format).
 * Fields are always written in this order, so the same run gives the same bytes.
 */
export const TraceEvent = t.intersection([
  t.type({
    /** Position of the event in the run, from 1. */
    seq: t.number,
    /** Time in ms (virtual time in a simulation, epoch ms live). */
    t: t.number,
    kind: TraceKind,
    /** Node where the event happened ('' for outside the cluster). */
    node: t.string,
    /** Actor path on that node, e.g. `/redis/master-1` ('' for outside code). */
    actor: t.string,
    /** Lamport clock of the actor after the event. */
    lamport: t.number,
  }),
  t.partial({
    /** Message id (send/deliver/drop/dead-letter of one message share it). */
    msg: t.number,
    /** Id of the message being handled when this one was sent (causality). */
    cause: t.number,
    /** Message type (its tag), milestone name, or fault name. */
    type: t.string,
    /** send: the target's actor path and node. */
    to: t.string,
    toNode: t.string,
    /** deliver: the sender's actor path and node. */
    from: t.string,
    fromNode: t.string,
    /** drop / dead-letter / stop / crash: why. */
    reason: t.string,
    /** Free text: decoder report, error message, fault description. */
    detail: t.string,
    /** Milestone fields. */
    data: t.UnknownRecord,
    /** The message itself, when payload tracing is on. */
    payload: t.unknown,
  }),
]);
export type TraceEvent = t.TypeOf<typeof TraceEvent>;

/**
 * Where trace events go. `write` is called synchronously, in seq order, on the
 * hot path: keep it cheap.
 */
export interface TraceSink {
  write(event: TraceEvent): void;
  /** Flush and release resources (files). */
  close?(): Promise<void>;
}
