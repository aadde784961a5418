import * as t from 'io-ts';
import { refCodec, type AnyRef } from './Ref.js';

/**
 * Why an actor terminated:
 * - `stopped`: it stopped itself or was stopped.
 * - `failed`: it failed and its supervisor did not restart it.
 * - `node-down`: its node crashed.
 */
export const TerminationReason = t.keyof({ stopped: null, failed: null, 'node-down': null });
export type TerminationReason = t.TypeOf<typeof TerminationReason>;

/** Delivered to watchers when a watched actor terminates (see `ctx.watch`). */
export const Terminated = t.type({
  type: t.literal('terminated'),
  ref: refCodec(),
  reason: TerminationReason,
});
export type Terminated = t.TypeOf<typeof Terminated>;

/** replica-group: delivered to the replica its supervisor promoted to primary. */
export const Promoted = t.type({
  type: t.literal('promoted'),
  /** The primary it replaces. */
  previous: refCodec(),
  /** Its replication offset when chosen. */
  offset: t.number,
});
export type Promoted = t.TypeOf<typeof Promoted>;

/** replica-group: delivered to every member (and the supervisor) when the primary changes. */
export const PrimaryChanged = t.type({
  type: t.literal('primary-changed'),
  primary: refCodec(),
  previous: refCodec(),
  offset: t.number,
});
export type PrimaryChanged = t.TypeOf<typeof PrimaryChanged>;

/** replica-group: delivered to a member when it (re)starts as a replica of `primary`. */
export const Demoted = t.type({
  type: t.literal('demoted'),
  primary: refCodec(),
});
export type Demoted = t.TypeOf<typeof Demoted>;

/** Lifecycle signals the runtime delivers to a behaviour's `onSignal`, in mailbox order. */
export const Signal = t.union([Terminated, Promoted, PrimaryChanged, Demoted]);
export type Signal = t.TypeOf<typeof Signal>;

/** Build a Terminated signal. */
export const terminated = (ref: AnyRef, reason: TerminationReason): Terminated => ({ type: 'terminated', ref, reason });
