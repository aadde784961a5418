/**
 * Following a container's log (`kubectl logs -f`): the kubelet sends the
 * lines written so far, then every new line as the container writes it, and
 * the end when that container instance is over (it exited, a restart
 * replaced it, or its pod left the node). Push, not polling: no line
 * written before the end is missed, even when the pod is deleted right
 * after writing it.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { refCodec, type Ref } from '../../../lib/actor/index.js';
import { Status } from '../api/Status.js';
import { formatNanoTime } from '../api/time.js';
import { logContainerOf, readContainerLogs, type ContainerLogs } from './ContainerLogs.js';
import type { PodRuntime } from './PodRuntime.js';

/**
 * What a follower receives: text (whole lines, each ending in `\n`), then
 * `log-end`, or `log-error` instead. `seq` counts a follow's messages from 1:
 * a network may reorder them, so a follower handles them in `seq` order.
 */
export const LogStreamMessage = t.union([
  t.type({ type: t.literal('log-lines'), followId: t.string, seq: t.number, text: t.string }),
  t.type({ type: t.literal('log-end'), followId: t.string, seq: t.number }),
  t.type({ type: t.literal('log-error'), followId: t.string, seq: t.number, status: Status }),
]);
export type LogStreamMessage = t.TypeOf<typeof LogStreamMessage>;

/**
 * Follow a container's log on the kubelet of the pod's node. Same options as
 * a `container-logs` read (`tailLines`, `sinceSeconds` and `timestamps`
 * apply to the lines sent first; `previous` cannot be followed).
 *
 * @example
 * ctx.tell(pathRef('node-1', '/kubelet'), { type: 'follow-logs', followId: 'f1', namespace: 'default', pod: 'web-x', follower: ctx.self });
 */
export const FollowLogsRequest = t.intersection([
  t.type({ type: t.literal('follow-logs'), followId: t.string, namespace: t.string, pod: t.string, follower: refCodec<LogStreamMessage>() }),
  t.partial({ container: t.string, tailLines: t.number, sinceSeconds: t.number, timestamps: t.boolean }),
]);
export type FollowLogsRequest = t.TypeOf<typeof FollowLogsRequest>;

/** Stop following (the client went away). */
export const UnfollowLogs = t.type({ type: t.literal('unfollow-logs'), followId: t.string });
export type UnfollowLogs = t.TypeOf<typeof UnfollowLogs>;

/** The follows a kubelet serves, by id: each one's unfollow. */
export type Follows = Map<string, () => void>;

/**
 * Start a follow: answer the lines so far, then subscribe the follower to
 * the container's current log. `tell` sends from the kubelet.
 */
export const startFollow = (
  logs: ContainerLogs,
  follows: Follows,
  prt: PodRuntime | undefined,
  req: FollowLogsRequest,
  nowMs: number,
  tell: (to: Ref<LogStreamMessage>, m: LogStreamMessage) => void,
): void => {
  const { followId, follower } = req;
  let seq = 0;
  const send = (m: { type: 'log-lines'; text: string } | { type: 'log-end' } | { type: 'log-error'; status: Status }): void => tell(follower, { ...m, followId, seq: ++seq });
  const fail = (status: Status): void => send({ type: 'log-error', status });
  const first = readContainerLogs(logs, prt, req, nowMs);
  if (E.isLeft(first)) return fail(first.left);
  const name = logContainerOf(prt!, req);
  if (E.isLeft(name)) return fail(name.left);
  if (first.right !== '') send({ type: 'log-lines', text: first.right });
  const buffer = logs.of(prt!.pod.metadata.uid ?? '', name.right);
  if (buffer === undefined) return send({ type: 'log-end' });
  const unfollow = buffer.follow({
    line: (atMs, text) => send({ type: 'log-lines', text: req.timestamps === true ? `${formatNanoTime(atMs)} ${text}\n` : `${text}\n` }),
    end: () => {
      follows.delete(followId);
      send({ type: 'log-end' });
    },
  });
  if (buffer.ended) return;
  follows.get(followId)?.();
  follows.set(followId, unfollow);
};
