/**
 * Container images: an image name resolves to a registered behaviour, so
 * user code runs "in" the cluster by registering an image. Containers write
 * log lines with `env.log` and talk to their kubelet with
 * {@link containerApi} (exit, readiness); images that declare
 * `sigterm: 'handle'` get a {@link ContainerSignal} when their pod is deleted.
 */
import * as t from 'io-ts';
import { defineBehavior, refCodec, type ActorContext, type AnyBehavior } from '../../../lib/actor/index.js';
import type { Container, Pod } from '../api/Pod.js';

/** What a container is started with. */
export interface ContainerEnv {
  readonly pod: Pod;
  readonly container: Container;
  readonly node: string;
  readonly podIP: string;
  /** `key=value` arguments (container args) as a map. */
  readonly args: Readonly<Record<string, string>>;
  /**
   * Write a line to the container's log (its stdout): the kubelet keeps the
   * last lines of each container instance with the troupe-clock time, for
   * `kubectl logs` (the kubelet's `container-logs` request).
   */
  readonly log: (line: string) => void;
}

/** A registered image. */
export interface Image {
  /** The behaviour a container of this image runs. */
  readonly behavior: (env: ContainerEnv) => AnyBehavior;
  /**
   * `running`: ready once started (after readinessProbe.initialDelaySeconds);
   * `reported`: ready only when the container says so with `containerApi.ready`.
   * @default 'running'
   */
  readonly readiness?: 'running' | 'reported';
  /**
   * What SIGTERM does when the container's pod is deleted with a grace period.
   * `default`: the process dies at once (exit code 143 = 128 + SIGTERM).
   * `handle`: the kubelet sends the container a {@link ContainerSignal}; the
   * container cleans up (drains) and exits — `containerApi.exit(ctx, code)`,
   * or `ctx.stopSelf()` for 143 — and is killed (SIGKILL, exit code 137) if it
   * is still running when the grace period ends. Its protocol must accept
   * the ContainerSignal message.
   * @default 'default'
   */
  readonly sigterm?: 'default' | 'handle';
}

const images = new Map<string, Image>();

/**
 * Register an image by name (a tag in the pod's image, `name:tag`, is ignored when the full name is unknown).
 *
 * @example
 * registerImage('counter', { behavior: () => Counter });
 */
export const registerImage = (name: string, image: Image): void => {
  images.set(name, image);
};

/** The image a container's `image` names, if registered. */
export const resolveImage = (image: string): Image | undefined => images.get(image) ?? images.get(image.split(':')[0]);

/** Registered image names. */
export const imageNames = (): string[] => [...images.keys()];

/** What the kubelet sends a container that handles SIGTERM, when its pod is deleted (`gracePeriodSeconds` before SIGKILL). */
export const ContainerSignal = t.type({ type: t.literal('container-signal'), signal: t.literal('SIGTERM'), gracePeriodSeconds: t.number });
export type ContainerSignal = t.TypeOf<typeof ContainerSignal>;

/** Messages a container sends its kubelet. */
export const ContainerReport = t.union([
  t.type({ type: t.literal('container-exited'), code: t.number }),
  t.type({ type: t.literal('container-ready'), ready: t.boolean }),
  t.type({ type: t.literal('container-log'), line: t.string }),
]);
export type ContainerReport = t.TypeOf<typeof ContainerReport>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctx = ActorContext<any>;

/** What a container's behaviour calls to talk to its kubelet. */
export const containerApi = {
  /** Exit with a code (0 = success); the kubelet applies the restart policy. */
  exit(ctx: Ctx, code: number): void {
    if (ctx.parent !== undefined) ctx.tell(ctx.parent, { type: 'container-exited', code } satisfies ContainerReport);
    ctx.stopSelf();
  },
  /** Report readiness (images with `readiness: 'reported'`). */
  ready(ctx: Ctx, ready: boolean): void {
    if (ctx.parent !== undefined) ctx.tell(ctx.parent, { type: 'container-ready', ready } satisfies ContainerReport);
  },
  /** Write a log line by message (same log as `env.log`, for behaviours that only have their context). */
  log(ctx: Ctx, line: string): void {
    if (ctx.parent !== undefined) ctx.tell(ctx.parent, { type: 'container-log', line } satisfies ContainerReport);
  },
};

const num = (env: ContainerEnv, key: string, def: number): number => {
  const v = Number(env.args[key]);
  return Number.isFinite(v) ? v : def;
};

/** Anything with a `replyTo` gets `{ type: 'echo', pod, message }` back: a minimal server. */
const EchoMsg = t.union([
  t.type({ type: t.literal('tick') }),
  t.type({ type: t.literal('drained') }),
  ContainerSignal,
  t.intersection([t.UnknownRecord, t.partial({ replyTo: refCodec() })]),
]);

/** What a built-in image does besides serving: its start, its timer, its access log. */
interface ServerHooks {
  readonly onStart?: (ctx: Ctx) => void;
  readonly onTick?: (ctx: Ctx) => void;
  /** An access-log line per request served. */
  readonly accessLog?: boolean;
}

/**
 * A built-in server: echoes requests and handles SIGTERM by logging it,
 * draining for `drainMs` (arg, default 0) and exiting (143).
 */
const server = (name: string, env: ContainerEnv, hooks: ServerHooks = {}) =>
  defineBehavior({
    name,
    protocol: EchoMsg,
    init: (ctx) => {
      hooks.onStart?.(ctx);
      return { served: 0 };
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'tick':
          hooks.onTick?.(ctx);
          return s;
        case 'container-signal': {
          const drainMs = num(env, 'drainMs', 0);
          env.log(`received ${(msg as ContainerSignal).signal}, ${drainMs > 0 ? `draining for ${drainMs} ms` : 'exiting'} (served ${s.served} requests)`);
          if (drainMs > 0) ctx.timers.startSingleTimer('drain', { type: 'drained' }, drainMs);
          else ctx.stopSelf();
          return s;
        }
        case 'drained':
          env.log('drained, exiting');
          ctx.stopSelf();
          return s;
      }
      const replyTo = (msg as { replyTo?: unknown }).replyTo;
      if (replyTo !== undefined) ctx.tell(replyTo as never, { type: 'echo', pod: env.pod.metadata.name, message: msg } as never);
      if (hooks.accessLog === true) env.log(`${env.podIP} - "${String((msg as { type?: unknown }).type)}" served #${s.served + 1}`);
      return { served: s.served + 1 };
    },
  });

const every = (ctx: Ctx, key: string, ms: number): void => ctx.timers.startSingleTimer(key, { type: 'tick' }, ms);

/** Built-in images for simulations. */
export const registerBuiltinImages = (): void => {
  // Run forever and echo requests; nginx also writes a start banner and an access log.
  for (const name of ['forever', 'pause', 'echo']) registerImage(name, { sigterm: 'handle', behavior: (env) => server('forever', env) });
  registerImage('nginx', {
    sigterm: 'handle',
    behavior: (env) =>
      server('nginx', env, {
        accessLog: true,
        onStart: () => {
          env.log(`nginx: started worker processes in pod ${env.pod.metadata.name} on ${env.node}`);
          env.log(`nginx: serving on ${env.podIP}:${env.container.ports?.[0]?.containerPort ?? 80}`);
        },
      }),
  });
  // `exit` (args code=<c>, afterMs=<d>): exits with code c after d ms.
  registerImage('exit', {
    sigterm: 'handle',
    behavior: (env) =>
      server('exit', env, {
        onStart: (ctx) => every(ctx, 'exit', num(env, 'afterMs', 1000)),
        onTick: (ctx) => {
          const code = num(env, 'code', 0);
          env.log(`exiting with code ${code}`);
          containerApi.exit(ctx, code);
        },
      }),
  });
  // `crash` (args everyMs=<d>): fails (throws) d ms after each start.
  registerImage('crash', {
    sigterm: 'handle',
    behavior: (env) =>
      server('crash', env, {
        onStart: (ctx) => {
          env.log(`started, crashing in ${num(env, 'everyMs', 5000)} ms`);
          every(ctx, 'crash', num(env, 'everyMs', 5000));
        },
        onTick: () => {
          env.log('panic: crashed (image crash)');
          throw new Error('crashed (image crash)');
        },
      }),
  });
  // `unready`: runs but never passes readiness.
  registerImage('unready', { sigterm: 'handle', readiness: 'reported', behavior: (env) => server('unready', env) });
};

registerBuiltinImages();
