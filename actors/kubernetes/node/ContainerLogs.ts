/**
 * Container logs on a node (what `/var/log/pods` is to a real kubelet): the
 * last lines of every container instance with the troupe-clock time they
 * were written, the current instance and the one before it, and the
 * kubelet's answer to a `container-logs` request (`kubectl logs`).
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { refCodec } from '../../../lib/actor/index.js';
import type { ApiReply } from '../api/protocol.js';
import { badRequest, invalid, notFound, type Status } from '../api/Status.js';
import { formatNanoTime } from '../api/time.js';
import type { PodRuntime } from './PodRuntime.js';

/**
 * Ask a kubelet for a container's log (GET pods/{name}/log). The reply is an
 * {@link ApiReply}: `api-ok` with the text as `object` (every line ends with
 * `\n`; with `timestamps`, each line starts with its RFC 3339 nano time and a
 * space), or `api-error` with a Status — NotFound when the pod is not on
 * this node, BadRequest when the container must be named or has no previous
 * instance, Invalid for negative `tailLines` or `sinceSeconds` < 1.
 *
 * @example
 * sim.tell(pathRef('node-1', '/kubelet'), { type: 'container-logs', namespace: 'default', pod: 'web-x', tailLines: 10, replyTo: probe.ref });
 */
export const ContainerLogsRequest = t.intersection([
  t.type({ type: t.literal('container-logs'), namespace: t.string, pod: t.string, replyTo: refCodec<ApiReply>() }),
  t.partial({ container: t.string, previous: t.boolean, tailLines: t.number, sinceSeconds: t.number, timestamps: t.boolean }),
]);
export type ContainerLogsRequest = t.TypeOf<typeof ContainerLogsRequest>;

/** Who follows a log (`kubectl logs -f`): each new line as it is written, then the end of the instance. */
export interface LogFollower {
  line(atMs: number, text: string): void;
  end(): void;
}

/** The last `max` lines of one container instance, as a ring. */
export class LogBuffer {
  private readonly lines: string[] = [];
  private readonly times: number[] = [];
  /** Index of the oldest line once the ring is full. */
  private head = 0;
  private followers: Set<LogFollower> | undefined;
  /** The instance is over (exited, replaced by a restart, or its pod left the node). */
  ended = false;

  constructor(private readonly max: number) {}

  /** Follow new lines; returns the unfollow. An ended log ends the follower at once. */
  follow(f: LogFollower): () => void {
    if (this.ended) {
      f.end();
      return () => undefined;
    }
    (this.followers ??= new Set()).add(f);
    return () => void this.followers?.delete(f);
  }

  /** The instance is over: tell the followers, once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const fs = this.followers;
    this.followers = undefined;
    if (fs !== undefined) for (const f of fs) f.end();
  }

  /** Append a line written at `atMs` (a text with newlines is several lines). */
  append(atMs: number, text: string): void {
    for (const line of text.split('\n')) {
      if (this.followers !== undefined) for (const f of this.followers) f.line(atMs, line);
      if (this.max <= 0) continue;
      if (this.lines.length < this.max) {
        this.lines.push(line);
        this.times.push(atMs);
      } else {
        this.lines[this.head] = line;
        this.times[this.head] = atMs;
        this.head = (this.head + 1) % this.max;
      }
    }
  }


  /** Lines kept, oldest first, with their times. */
  entries(): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    const n = this.lines.length;
    for (let i = 0; i < n; i++) {
      const j = (this.head + i) % n;
      out.push([this.times[j], this.lines[j]]);
    }
    return out;
  }
}

/** The logs of a node's containers, by pod uid and container name: the current instance and the previous one. */
export class ContainerLogs {
  private readonly byContainer = new Map<string, { current: LogBuffer; previous: LogBuffer | undefined }>();

  /** @param linesMax lines kept per container instance */
  constructor(readonly linesMax: number) {}

  /** A new instance of the container starts: its log becomes current, the current one previous. */
  begin(podUid: string, container: string): LogBuffer {
    const key = `${podUid}/${container}`;
    const current = new LogBuffer(this.linesMax);
    const had = this.byContainer.get(key);
    had?.current.end();
    this.byContainer.set(key, { current, previous: had?.current });
    return current;
  }

  /** The log of the current instance (or the previous one). */
  of(podUid: string, container: string, previous = false): LogBuffer | undefined {
    const e = this.byContainer.get(`${podUid}/${container}`);
    return previous ? e?.previous : e?.current;
  }

  /** The pod is gone from the node: drop its logs. */
  forget(podUid: string, containers: Iterable<string>): void {
    for (const c of containers) {
      this.byContainer.get(`${podUid}/${c}`)?.current.end();
      this.byContainer.delete(`${podUid}/${c}`);
    }
  }

  /** Drop the logs of every pod not in `keep` (pod uids). */
  retain(keep: ReadonlySet<string>): void {
    for (const [key, e] of [...this.byContainer]) {
      if (keep.has(key.slice(0, key.lastIndexOf('/')))) continue;
      e.current.end();
      this.byContainer.delete(key);
    }
  }
}

const waitingReason = (prt: PodRuntime, name: string): string => prt.containers.get(name)?.state.waiting?.reason ?? 'ContainerCreating';

/** What a log read asks: the fields of a {@link ContainerLogsRequest} without its envelope. */
export type LogQuery = Omit<ContainerLogsRequest, 'type' | 'namespace' | 'replyTo'>;

/** The container a log request means: the one named, or the pod's only one. */
export const logContainerOf = (prt: PodRuntime, req: Pick<LogQuery, 'pod' | 'container'>): E.Either<Status, string> => {
  const names = prt.pod.spec.containers.map((c) => c.name);
  const name = req.container;
  if (name === undefined || name === '') {
    return names.length === 1 ? E.right(names[0]) : E.left(badRequest(`a container name must be specified for pod ${req.pod}, choose one of: [${names.join(' ')}]`));
  }
  return names.includes(name) ? E.right(name) : E.left(badRequest(`container ${name} is not valid for pod ${req.pod}`));
};

/**
 * The kubelet's answer to a `container-logs` request for a pod it runs (or
 * `undefined` when it does not: NotFound), following the real API server's
 * messages.
 */
export const readContainerLogs = (logs: ContainerLogs, prt: PodRuntime | undefined, req: LogQuery, nowMs: number): E.Either<Status, string> => {
  if (prt === undefined) return E.left(notFound('pods', req.pod));
  const picked = logContainerOf(prt, req);
  if (E.isLeft(picked)) return picked;
  const name = picked.right;
  if (req.tailLines !== undefined && req.tailLines < 0) return E.left(invalid('PodLogOptions', req.pod, [{ reason: 'FieldValueInvalid', field: 'tailLines', message: 'must be greater than or equal to 0' }]));
  if (req.sinceSeconds !== undefined && req.sinceSeconds < 1) return E.left(invalid('PodLogOptions', req.pod, [{ reason: 'FieldValueInvalid', field: 'sinceSeconds', message: 'must be greater than 0' }]));
  const uid = prt.pod.metadata.uid ?? '';
  const buffer = logs.of(uid, name, req.previous === true);
  if (buffer === undefined) {
    if (req.previous === true) return E.left(badRequest(`previous terminated container "${name}" in pod "${req.pod}" not found`));
    const c = prt.containers.get(name);
    // kwok-like kubelets run no container actors: a "running" container has an empty log.
    if (c !== undefined && (c.state.running !== undefined || c.state.terminated !== undefined)) return E.right('');
    return E.left(badRequest(`container "${name}" in pod "${req.pod}" is waiting to start: ${waitingReason(prt, name)}`));
  }
  let entries = buffer.entries();
  if (req.sinceSeconds !== undefined) {
    const from = nowMs - req.sinceSeconds * 1000;
    entries = entries.filter(([at]) => at >= from);
  }
  if (req.tailLines !== undefined) entries = req.tailLines === 0 ? [] : entries.slice(-req.tailLines);
  let text = '';
  for (const [at, line] of entries) text += req.timestamps === true ? `${formatNanoTime(at)} ${line}\n` : `${line}\n`;
  return E.right(text);
};
