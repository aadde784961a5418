/**
 * memberlist's retransmit limit: each node pushes a broadcast at most
 * `mult·⌈log10(n+1)⌉` times, n = cluster size.
 *
 * @example
 * retransmitLimit(100);    // 12
 * retransmitLimit(10_000); // 20
 */
export const retransmitLimit = (n: number, mult = 4): number => mult * Math.ceil(Math.log10(n + 1));

/**
 * Expected rounds for push gossip with k targets per round to reach all n
 * nodes: log_{k+1}(n) + ln(n)/k (Frieze–Grimmett / Pittel for k = 1).
 *
 * @example
 * theoryRounds(10_000, 3); // ≈ 9.71
 */
export const theoryRounds = (n: number, k: number): number => Math.log(n) / Math.log(k + 1) + Math.log(n) / k;

/**
 * memberlist's message bound for one broadcast: every node spends its whole
 * retransmit budget, n·mult·⌈log10(n+1)⌉ messages.
 *
 * @example
 * memberlistBound(1000); // 16,000
 */
export const memberlistBound = (n: number, mult = 4): number => n * retransmitLimit(n, mult);
