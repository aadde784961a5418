/** A member of a replicated group as seen by its supervisor. */
export interface ReplicaCandidate<R> {
  readonly ref: R;
  /** Last replication offset the member reported (0 if it never did). */
  readonly offset: number;
  /** Start order in the group, used to break offset ties deterministically. */
  readonly order: number;
}

/**
 * Pick the replica to promote: the highest replication offset, ties broken by
 * start order (earliest first). Undefined when there is no candidate.
 *
 * @example
 * choosePrimary([{ ref: 'a', offset: 10, order: 1 }, { ref: 'b', offset: 12, order: 2 }]); // b
 */
export const choosePrimary = <R>(candidates: ReadonlyArray<ReplicaCandidate<R>>): ReplicaCandidate<R> | undefined => {
  let best: ReplicaCandidate<R> | undefined;
  for (const c of candidates) {
    if (best === undefined || c.offset > best.offset || (c.offset === best.offset && c.order < best.order)) best = c;
  }
  return best;
};
