import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { ActorContext, AskError, Ref } from '../../../lib/actor/index.js';
import type { KubeObject } from '../api/meta.js';
import type { ApiReply, ApiRequest, DeleteOptions, ObjectList, PatchType } from '../api/protocol.js';
import { serverTimeout, type Status } from '../api/Status.js';

/** The message an {@link ApiClient} reply arrives as; add it to the protocol of an actor using the client. */
export const ApiResultMessage = t.type({ type: t.literal('api-result'), op: t.number, result: t.unknown });
export type ApiResultMessage = t.TypeOf<typeof ApiResultMessage>;

/** An API call's outcome: the object (or list), or a Status. */
export type ApiResult<A = unknown> = E.Either<Status, A>;

/** Where a namespaced object lives. */
export interface ObjectRef {
  readonly resource: string;
  readonly namespace?: string;
  readonly name: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = ActorContext<any>;

/**
 * A Kubernetes client for use inside an actor (client-go's typed client):
 * each call asks the API server and delivers the outcome, through the actor's
 * mailbox, to a continuation. A call that gets no answer in `timeoutMs`
 * (partition, crashed master) ends with a Timeout Status. Route every
 * `api-result` message to {@link handle}.
 *
 * @example
 * const client = new ApiClient(api);
 * client.create(ctx, 'pods', 'default', pod, (r) => { if (E.isLeft(r)) ctx.milestone('create-failed', { reason: r.left.reason }); });
 * // in receive: case 'api-result': client.handle(msg); return s;
 */
export class ApiClient {
  private readonly ops = new Map<number, (r: ApiResult) => void>();
  private nextOp = 0;

  constructor(
    readonly api: Ref<ApiRequest>,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Number of calls waiting for an answer. */
  get inFlight(): number {
    return this.ops.size;
  }

  /** Send any request (its replyTo is filled in). */
  request(ctx: Ctx, make: (replyTo: Ref<ApiReply>) => ApiRequest, k: (r: ApiResult) => void): void {
    const op = ++this.nextOp;
    this.ops.set(op, k);
    ctx.ask(this.api, make, this.timeoutMs, (result: E.Either<AskError, ApiReply>): ApiResultMessage => ({ type: 'api-result', op, result }));
  }

  /** Deliver a reply to its continuation. */
  handle(msg: ApiResultMessage): void {
    const k = this.ops.get(msg.op);
    if (k === undefined) return;
    this.ops.delete(msg.op);
    const r = msg.result as E.Either<AskError, ApiReply>;
    if (E.isLeft(r)) k(E.left(serverTimeout(`the API server did not answer (${r.left._tag})`)));
    else if (r.right.type === 'api-error') k(E.left(r.right.status));
    else k(E.right(r.right.object));
  }

  /** POST a new object. */
  create<T = KubeObject>(ctx: Ctx, resource: string, namespace: string | undefined, body: unknown, k: (r: ApiResult<T>) => void): void {
    this.request(ctx, (replyTo) => ({ type: 'create', resource, namespace, body, replyTo }), k as (r: ApiResult) => void);
  }

  /** GET one object. */
  get<T = KubeObject>(ctx: Ctx, ref: ObjectRef, k: (r: ApiResult<T>) => void): void {
    this.request(ctx, (replyTo) => ({ type: 'get', resource: ref.resource, namespace: ref.namespace, name: ref.name, replyTo }), k as (r: ApiResult) => void);
  }

  /** GET a collection. */
  list<T = KubeObject>(
    ctx: Ctx,
    resource: string,
    options: { namespace?: string; labelSelector?: string; fieldSelector?: string; limit?: number; continue?: string },
    k: (r: ApiResult<ObjectList<T>>) => void,
  ): void {
    this.request(ctx, (replyTo) => ({ type: 'list', resource, ...options, replyTo }), k as (r: ApiResult) => void);
  }

  /** PUT an object (its resourceVersion, if set, must be current). */
  update<T extends KubeObject>(ctx: Ctx, resource: string, obj: T, k: (r: ApiResult<T>) => void, subresource?: string): void {
    this.request(ctx, (replyTo) => ({ type: 'update', resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '', subresource, body: obj, replyTo }), k as (r: ApiResult) => void);
  }

  /** PUT the status subresource. */
  updateStatus<T extends KubeObject>(ctx: Ctx, resource: string, obj: T, k: (r: ApiResult<T>) => void): void {
    this.update(ctx, resource, obj, k, 'status');
  }

  /** PATCH (a JSON merge patch unless `patchType` says otherwise). */
  patch<T = KubeObject>(ctx: Ctx, ref: ObjectRef, patch: unknown, k: (r: ApiResult<T>) => void, subresource?: string, patchType: PatchType = 'merge'): void {
    this.request(ctx, (replyTo) => ({ type: 'patch', resource: ref.resource, namespace: ref.namespace, name: ref.name, subresource, patch, patchType, replyTo }), k as (r: ApiResult) => void);
  }

  /** DELETE an object. */
  delete(ctx: Ctx, ref: ObjectRef, options: DeleteOptions, k: (r: ApiResult) => void): void {
    this.request(ctx, (replyTo) => ({ type: 'delete', resource: ref.resource, namespace: ref.namespace, name: ref.name, options, replyTo }), k);
  }

  /** POST pods/{name}/binding. */
  bind(ctx: Ctx, namespace: string, pod: string, uid: string | undefined, node: string, k: (r: ApiResult) => void): void {
    const body = { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod, namespace, uid }, target: { kind: 'Node', name: node } };
    this.request(ctx, (replyTo) => ({ type: 'create', resource: 'pods', namespace, name: pod, subresource: 'binding', body, replyTo }), k);
  }
}
