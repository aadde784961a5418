import { sameRef, type AnyRef } from '../../lib/actor/index.js';

/** The last answer of each lease-store replica to `who-leads`. */
export type LeaderAnswers = Map<string, { readonly leader: AnyRef | null; readonly epoch: number }>;

/**
 * The leader a majority of replicas agree on (same master, same epoch), if
 * any — the master detector of agents and frameworks. A single replica can
 * hold a stale or minority lease; only a majority names the leader.
 *
 * @example
 * answers.set(msg.replica, { leader: msg.leader, epoch: msg.epoch });
 * const agreed = agreedLeader(answers, replicas.length);
 */
export const agreedLeader = (answers: LeaderAnswers, replicas: number): { leader: AnyRef; epoch: number } | undefined => {
  const need = Math.floor(replicas / 2) + 1;
  for (const a of answers.values()) {
    if (a.leader === null) continue;
    let n = 0;
    for (const b of answers.values()) if (b.leader !== null && b.epoch === a.epoch && sameRef(a.leader, b.leader)) n++;
    if (n >= need) return { leader: a.leader, epoch: a.epoch };
  }
  return undefined;
};
