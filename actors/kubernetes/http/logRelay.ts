import { defineBehavior, pathRef, type Ref } from '../../../lib/actor/index.js';
import { LogStreamMessage, type FollowLogsRequest, type UnfollowLogs } from '../node/LogFollow.js';
import type { StreamSink } from './openStream.js';


/** What a relay follows. */
export interface LogRelayOptions {
  readonly node: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container?: string;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  readonly timestamps?: boolean;
  /** The `kubectl logs -f` response. */
  readonly sink: StreamSink;
}

/**
 * The actor behind one `GET …/log?follow=true`: it follows the container's
 * log on the kubelet of the pod's node and writes each batch of lines to the
 * response in `seq` order, ending it when the container instance is over, when the kubelet
 * goes away (death watch: its node crashed), or when the client falls
 * behind. Stopping it (the client closed the connection) unfollows.
 */
export const logRelayBehavior = (o: LogRelayOptions) =>
  defineBehavior({
    name: 'kube-log-relay',
    protocol: LogStreamMessage,
    init: (ctx) => {
      const kubelet = pathRef<FollowLogsRequest | UnfollowLogs>(o.node, '/kubelet');
      const followId = `${ctx.self.node}:${ctx.self.path}`;
      ctx.tell(kubelet, {
        type: 'follow-logs',
        followId,
        namespace: o.namespace,
        pod: o.pod,
        follower: ctx.self,
        ...(o.container === undefined ? {} : { container: o.container }),
        ...(o.tailLines === undefined ? {} : { tailLines: o.tailLines }),
        ...(o.sinceSeconds === undefined ? {} : { sinceSeconds: o.sinceSeconds }),
        ...(o.timestamps === true ? { timestamps: true } : {}),
      });
      ctx.watch(kubelet);
      return { kubelet: kubelet as Ref<UnfollowLogs>, followId, next: 1, early: new Map<number, LogStreamMessage>() };
    },
    receive: (s, msg, ctx) => {
      if (msg.followId !== s.followId) return s;
      // In seq order: a message that overtook an earlier one waits for it.
      s.early.set(msg.seq, msg);
      for (let m = s.early.get(s.next); m !== undefined; m = s.early.get(s.next)) {
        s.early.delete(s.next++);
        if (m.type !== 'log-lines' || !o.sink.write(m.text)) {
          ctx.stopSelf();
          return s;
        }
      }
      return s;
    },
    onSignal: (s, signal, ctx) => {
      if (signal.type === 'terminated') ctx.stopSelf();
      return s;
    },
    onStop: (s, ctx) => {
      ctx.tell(s.kubelet, { type: 'unfollow-logs', followId: s.followId });
      o.sink.end();
    },
  });
