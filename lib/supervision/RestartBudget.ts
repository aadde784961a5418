/**
 * Erlang's restart intensity: remembers restart times and says whether one
 * more restart at `nowMs` stays within `maxRestarts` in `withinMs`.
 *
 * @example
 * const budget = new RestartBudget(3, 5000);
 * budget.tryRestart(0); // true
 */
export class RestartBudget {
  private readonly times: number[] = [];

  constructor(readonly maxRestarts: number, readonly withinMs: number) {}

  /** Record a restart at `nowMs` if the budget allows it; false means escalate. */
  tryRestart(nowMs: number): boolean {
    const times = this.times;
    while (times.length > 0 && times[0] <= nowMs - this.withinMs) times.shift();
    if (times.length >= this.maxRestarts) return false;
    times.push(nowMs);
    return true;
  }

  /** Restarts counted in the window ending at `nowMs`. */
  used(nowMs: number): number {
    return this.times.filter((t) => t > nowMs - this.withinMs).length;
  }

  /** Forget all recorded restarts. */
  reset(): void {
    this.times.length = 0;
  }
}
