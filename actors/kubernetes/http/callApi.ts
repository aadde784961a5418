import * as E from 'fp-ts/Either';
import type { Ref } from '../../../lib/actor/index.js';
import type { ApiReply, ApiRequest } from '../api/protocol.js';
import { status, type Status } from '../api/Status.js';
import type { KubeHttpContext } from './KubeHttpContext.js';

/**
 * Ask the API server one operation and get the object or a Status: an ask
 * that times out is a 504 Timeout, an API server that is gone a 503.
 */
export const callApi = async (ctx: KubeHttpContext, build: (replyTo: Ref<ApiReply>) => ApiRequest): Promise<E.Either<Status, unknown>> => {
  const r = await ctx.system.ask<ApiRequest, ApiReply>(ctx.api, build, ctx.requestTimeoutMs)();
  if (E.isLeft(r)) {
    return E.left(
      r.left._tag === 'AskTimeout'
        ? status('Timeout', `the API server did not answer within ${ctx.requestTimeoutMs} ms`)
        : status('ServiceUnavailable', 'the API server is not running'),
    );
  }
  return r.right.type === 'api-ok' ? E.right(r.right.object) : E.left(r.right.status);
};
