/**
 * An entry of the virtual clock's event queue. The simulation puts message
 * deliveries on the same queue as timers, so both are ordered by
 * (virtual time, sequence number).
 *
 * Implementations keep the bookkeeping fields below untouched; the clock owns them.
 */
export interface ClockTask {
  /** Virtual time at which the task fires. Owned by the clock. */
  at: number;
  /** Global sequence number: ties at the same time fire in schedule order. Owned by the clock. */
  seq: number;
  /** Position in the clock's heap, −1 when not in it. Owned by the clock. */
  heapIndex: number;
  /** Live entries of this task in the clock's run queue (0 or 1). Owned by the clock. */
  inQueue: number;
  /** Entries of this task in the run queue to skip (it was rescheduled). Owned by the clock. */
  stale: number;
  /** Runs the task. */
  fire(): void;
}
