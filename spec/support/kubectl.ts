import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The kubectl the specs drive: $KUBECTL, else the one on PATH, else Debian's
 * kubernetes-client unpacked into .tools/ by .ci/run. Throws when none
 * exists — CI installs one, so a missing kubectl is a broken setup, not a skip.
 */
export const findKubectl = (): string => {
  const candidates = [process.env.KUBECTL, 'kubectl', resolve('.tools/kubernetes-client/usr/bin/kubectl')].filter((c): c is string => c !== undefined && c !== '');
  for (const c of candidates) {
    if (c.includes('/') && !existsSync(c)) continue;
    try {
      execFileSync(c, ['version', '--client'], { stdio: 'ignore', timeout: 20_000 });
      return c;
    } catch {
      // try the next one
    }
  }
  throw new Error('no kubectl found: set $KUBECTL, put kubectl on PATH, or run .ci/run (it unpacks Debian kubernetes-client into .tools/)');
};

/** What one kubectl run did. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run kubectl with `env` (KUBECONFIG, HOME for the discovery cache) and resolve when it exits. */
export const runKubectl = (kubectl: string, args: ReadonlyArray<string>, env: NodeJS.ProcessEnv, input?: string, timeoutMs = 60_000): Promise<KubectlResult> =>
  new Promise((done, fail) => {
    const child = spawn(kubectl, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`kubectl ${args.join(' ')} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
