import type { ServerResponse } from 'node:http';
import * as E from 'fp-ts/Either';
import { pathRef, type Ref } from '../../../lib/actor/index.js';
import type { ApiReply } from '../api/protocol.js';
import type { ResourceInfo } from '../api/resources.js';
import { status, type Status } from '../api/Status.js';
import type { ContainerLogsRequest } from '../node/ContainerLogs.js';
import { callApi } from './callApi.js';
import { intParam, sendStatus, sendText } from './httpIo.js';
import { logRelayBehavior } from './logRelay.js';
import { openStream } from './openStream.js';
import type { KubeHttpContext } from './KubeHttpContext.js';

/**
 * `GET …/pods/{name}/log` (`kubectl logs`): like the real API server, which
 * proxies to the kubelet of the pod's node, read the pod, then ask that
 * node's kubelet for the container's lines (`container`, `previous`,
 * `tailLines`, `sinceSeconds`, `timestamps`). Errors (no such container,
 * no previous instance, pod not scheduled) come back as Status objects.
 * `follow=true` keeps the response open and streams each line as the
 * container writes it (pushed by the kubelet to a relay actor) until that
 * container instance is over or the client goes away.
 */
export const podLogs = async (ctx: KubeHttpContext, info: ResourceInfo, namespace: string, name: string, q: URLSearchParams, res: ServerResponse): Promise<void> => {
  // Negative values are the kubelet's to refuse (422 Invalid, as Kubernetes answers).
  const tail = intParam(q, 'tailLines', -Infinity);
  const since = intParam(q, 'sinceSeconds', -Infinity);
  if (E.isLeft(tail)) return sendStatus(res, tail.left);
  if (E.isLeft(since)) return sendStatus(res, since.left);
  const tailLines = tail.right;
  const sinceSeconds = since.right;
  const pod = await callApi(ctx, (replyTo) => ({ type: 'get', resource: info.resource, namespace, name, replyTo }));
  if (E.isLeft(pod)) return sendStatus(res, pod.left);
  const node = (pod.right as { spec?: { nodeName?: string } }).spec?.nodeName;
  if (node === undefined || node === '') return sendStatus(res, status('BadRequest', `pod ${name} is not scheduled to a node yet: no logs to show`));
  const container = q.get('container') ?? undefined;
  const kubelet = pathRef<ContainerLogsRequest>(node, '/kubelet');
  const read = async (extra: Partial<ContainerLogsRequest>): Promise<E.Either<Status, string>> => {
    const r = await ctx.system.ask<ContainerLogsRequest, ApiReply>(
      kubelet,
      (replyTo: Ref<ApiReply>) => ({
        type: 'container-logs',
        namespace,
        pod: name,
        replyTo,
        ...(container === undefined || container === '' ? {} : { container }),
        ...(q.get('previous') === 'true' ? { previous: true } : {}),
        ...(tailLines === undefined ? {} : { tailLines }),
        ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
        ...extra,
      }),
      ctx.requestTimeoutMs,
    )();
    if (E.isLeft(r)) return E.left(status('ServiceUnavailable', `the kubelet of node ${node} did not answer: ${r.left._tag}`));
    return r.right.type === 'api-error' ? E.left(r.right.status) : E.right(String(r.right.object));
  };
  const timestamps = q.get('timestamps') === 'true';
  const text = await read(q.get('follow') === 'true' ? { tailLines: 0 } : timestamps ? { timestamps: true } : {});
  if (E.isLeft(text)) return sendStatus(res, text.left);
  if (q.get('follow') !== 'true') return sendText(res, 200, text.right === '' || text.right.endsWith('\n') ? text.right : `${text.right}\n`);
  // Following: the request is valid; a relay actor streams the lines the kubelet pushes.
  openStream(ctx, res, 'text/plain', (sink, relayName) =>
    ctx.system.spawn(
      logRelayBehavior({
        node,
        namespace,
        pod: name,
        sink,
        ...(container === undefined || container === '' ? {} : { container }),
        ...(tailLines === undefined ? {} : { tailLines }),
        ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
        ...(timestamps ? { timestamps: true } : {}),
      }),
      relayName,
      { node: ctx.httpNode },
    ),
  );
};
