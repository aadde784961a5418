import * as t from 'io-ts';
import { defineBehavior, type ActorContext, type Ref } from '../../lib/actor/index.js';
import type { ConfigMap } from './api/cluster.js';
import type { ApiRequest } from './api/protocol.js';
import { ApiClient, ApiResultMessage } from './client/ApiClient.js';
import * as E from 'fp-ts/Either';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = ActorContext<any>;

/** A step's outcome: absent or Right = done; Left = retry in 2 s unless the object already exists / is already gone. */
export type StepOutcome = E.Either<{ reason: string }, unknown> | undefined;

/** One scripted client action. */
export interface DriverStep {
  readonly atMs: number;
  /** Do the step and call `finish` with the API result (steps run in order: the next waits for this one). */
  readonly run: (client: ApiClient, ctx: Ctx, finish: (r?: StepOutcome) => void) => void;
}

const DriverMessage = t.union([ApiResultMessage, t.type({ type: t.literal('step'), index: t.number })]);

/**
 * A scripted API client (a user with kubectl): runs its steps in order, each
 * no earlier than its virtual time, retrying a step whose request failed
 * (a user retries after a timeout). Spawn it on a node outside the fault schedule.
 *
 * @example
 * sim.spawn(driverBehavior(cluster.api, [{ atMs: 5_000, run: (c, ctx, finish) => c.create(ctx, 'deployments', 'default', web, finish) }]), 'driver', { node: 'client' });
 */
export const driverBehavior = (api: Ref<ApiRequest>, steps: ReadonlyArray<DriverStep>) =>
  defineBehavior({
    name: 'kube-driver',
    protocol: DriverMessage,
    init: (ctx) => {
      if (steps.length > 0) ctx.timers.startSingleTimer('step', { type: 'step', index: 0 }, Math.max(0, steps[0].atMs - ctx.now()));
      return new ApiClient(api, 10_000);
    },
    receive: (client, msg, ctx) => {
      if (msg.type === 'api-result') {
        client.handle(msg);
        return client;
      }
      const index = msg.index;
      let finished = false;
      steps[index].run(client, ctx, (r) => {
        if (finished) return;
        finished = true;
        if (r !== undefined && E.isLeft(r) && r.left.reason !== 'AlreadyExists' && r.left.reason !== 'NotFound') {
          ctx.timers.startSingleTimer('step', { type: 'step', index }, 2_000);
          return;
        }
        const next = steps[index + 1];
        if (next !== undefined) ctx.timers.startSingleTimer('step', { type: 'step', index: index + 1 }, Math.max(0, next.atMs - ctx.now()));
      });
      return client;
    },
  });

/** Tallies of a counter client (kept outside the actor so they survive crashes). */
export interface CounterTally {
  acked: number;
  unknown: number;
  conflicts: number;
  /** Updates sent and not answered yet (their outcome is unknown too). */
  pending: number;
  /** Failures by Status reason (other than Conflict and Timeout). */
  readonly failed: Record<string, number>;
}

const CounterMessage = t.union([ApiResultMessage, t.type({ type: t.literal('tick') })]);

/**
 * A client incrementing the `count` of a ConfigMap with read–modify–write
 * and resourceVersion preconditions: with no lost update, the final count
 * lies between the acknowledged increments and those plus the ones whose
 * outcome is unknown (timeouts).
 */
export const counterBehavior = (api: Ref<ApiRequest>, namespace: string, name: string, tally: CounterTally, periodMs = 500) =>
  defineBehavior({
    name: 'kube-counter',
    protocol: CounterMessage,
    init: (ctx) => {
      ctx.timers.startPeriodicTimer('tick', { type: 'tick' }, periodMs, ctx.random.int(1, periodMs));
      return { client: new ApiClient(api, 3_000), busy: false };
    },
    receive: (s, msg, ctx) => {
      if (msg.type === 'api-result') {
        s.client.handle(msg);
        return s;
      }
      if (s.busy) return s;
      s.busy = true;
      s.client.get<ConfigMap>(ctx, { resource: 'configmaps', namespace, name }, (r) => {
        if (E.isLeft(r)) {
          s.busy = false;
          return;
        }
        const cm = r.right;
        const n = Number(cm.data?.count ?? '0');
        tally.pending++;
        s.client.update<ConfigMap>(ctx, 'configmaps', { ...cm, data: { ...cm.data, count: String(n + 1) } }, (u) => {
          tally.pending--;
          s.busy = false;
          if (E.isRight(u)) tally.acked++;
          else if (u.left.reason === 'Conflict') tally.conflicts++;
          else if (u.left.reason === 'Timeout') tally.unknown++;
          else tally.failed[u.left.reason] = (tally.failed[u.left.reason] ?? 0) + 1;
        });
      });
      return s;
    },
  });
