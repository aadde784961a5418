import type { ServerResponse } from 'node:http';
import * as E from 'fp-ts/Either';
import { pathRef, type Ref } from '../../../lib/actor/index.js';
import type { ApiReply } from '../api/protocol.js';
import type { ResourceInfo } from '../api/resources.js';
import { status } from '../api/Status.js';
import type { ContainerLogsRequest } from '../node/ContainerLogs.js';
import { callApi } from './callApi.js';
import { sendStatus, sendText } from './httpIo.js';
import type { KubeHttpContext } from './KubeHttpContext.js';

const intOf = (q: URLSearchParams, name: string): number | undefined | 'bad' => {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : 'bad';
};

/**
 * `GET …/pods/{name}/log` (`kubectl logs`): like the real API server, which
 * proxies to the kubelet of the pod's node, read the pod, then ask that
 * node's kubelet for the container's lines (`container`, `previous`,
 * `tailLines`, `sinceSeconds`, `timestamps`). Errors (no such container,
 * no previous instance, pod not scheduled) come back as Status objects.
 * `follow=true` answers what is there now and ends the stream.
 */
export const podLogs = async (ctx: KubeHttpContext, info: ResourceInfo, namespace: string, name: string, q: URLSearchParams, res: ServerResponse): Promise<void> => {
  const tailLines = intOf(q, 'tailLines');
  const sinceSeconds = intOf(q, 'sinceSeconds');
  if (tailLines === 'bad' || sinceSeconds === 'bad') return sendStatus(res, status('BadRequest', 'tailLines and sinceSeconds must be integers'));
  const pod = await callApi(ctx, (replyTo) => ({ type: 'get', resource: info.resource, namespace, name, replyTo }));
  if (E.isLeft(pod)) return sendStatus(res, pod.left);
  const node = (pod.right as { spec?: { nodeName?: string } }).spec?.nodeName;
  if (node === undefined || node === '') return sendStatus(res, status('BadRequest', `pod ${name} is not scheduled to a node yet: no logs to show`));
  const container = q.get('container') ?? undefined;
  const kubelet = pathRef<ContainerLogsRequest>(node, '/kubelet');
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
      ...(q.get('timestamps') === 'true' ? { timestamps: true } : {}),
    }),
    ctx.requestTimeoutMs,
  )();
  if (E.isLeft(r)) return sendStatus(res, status('ServiceUnavailable', `the kubelet of node ${node} did not answer: ${r.left._tag}`));
  if (r.right.type === 'api-error') return sendStatus(res, r.right.status);
  const text = String(r.right.object);
  return sendText(res, 200, text === '' || text.endsWith('\n') ? text : `${text}\n`);
};
