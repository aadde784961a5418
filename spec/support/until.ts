/**
 * Poll `check` every `everyMs` until it holds; throws "timed out waiting for
 * <what>" after `timeoutMs`. For live specs (real clock, real processes).
 */
export const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 50): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};
