/**
 * Container images: an image name resolves to a registered behaviour, so
 * user code runs "in" the cluster by registering an image. Containers talk
 * to their kubelet with {@link containerApi} (exit, readiness, logs).
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
  /** Write a log line (kept by the kubelet for pods/log). */
  log(ctx: Ctx, line: string): void {
    if (ctx.parent !== undefined) ctx.tell(ctx.parent, { type: 'container-log', line } satisfies ContainerReport);
  },
};

const num = (env: ContainerEnv, key: string, def: number): number => {
  const v = Number(env.args[key]);
  return Number.isFinite(v) ? v : def;
};

/** Anything with a `replyTo` gets `{ type: 'echo', pod, message }` back: a minimal server. */
const EchoMsg = t.union([t.type({ type: t.literal('tick') }), t.intersection([t.UnknownRecord, t.partial({ replyTo: refCodec() })])]);

const server = (name: string, env: ContainerEnv, onStart?: (ctx: Ctx) => void) =>
  defineBehavior({
    name,
    protocol: EchoMsg,
    init: (ctx) => {
      onStart?.(ctx);
      return { served: 0 };
    },
    receive: (s, msg, ctx) => {
      if (msg.type === 'tick') {
        onTick.get(name)?.(ctx, env);
        return s;
      }
      const replyTo = (msg as { replyTo?: unknown }).replyTo;
      if (replyTo !== undefined) ctx.tell(replyTo as never, { type: 'echo', pod: env.pod.metadata.name, message: msg } as never);
      return { served: s.served + 1 };
    },
  });

const onTick = new Map<string, (ctx: Ctx, env: ContainerEnv) => void>([
  ['exit', (ctx, env) => containerApi.exit(ctx, num(env, 'code', 0))],
  [
    'crash',
    () => {
      throw new Error('crashed (image crash)');
    },
  ],
]);

/** Built-in images for simulations. */
export const registerBuiltinImages = (): void => {
  // Runs forever and echoes requests (also under the names people use).
  for (const name of ['forever', 'pause', 'nginx', 'echo']) registerImage(name, { behavior: (env) => server('forever', env) });
  // `exit` (args code=<c>, afterMs=<d>): exits with code c after d ms.
  registerImage('exit', { behavior: (env) => server('exit', env, (ctx) => ctx.timers.startSingleTimer('exit', { type: 'tick' }, num(env, 'afterMs', 1000))) });
  // `crash` (args everyMs=<d>): fails (throws) d ms after each start.
  registerImage('crash', { behavior: (env) => server('crash', env, (ctx) => ctx.timers.startSingleTimer('crash', { type: 'tick' }, num(env, 'everyMs', 5000))) });
  // `unready`: runs but never passes readiness.
  registerImage('unready', { behavior: (env) => server('unready', env), readiness: 'reported' });
};

registerBuiltinImages();
