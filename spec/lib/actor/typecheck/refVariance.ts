// Compile-time checks of Ref<M> (run by spec/lib/actor/Ref.spec.ts and by `npm run typecheck`).
// Every line marked @ts-expect-error must be a type error; the spec also strips the markers and
// counts the errors, so a marker cannot go stale silently.
import type { AnyRef, Ref } from '../../../../lib/actor/index.js';
import { createActorSystem } from '../../../../lib/actor/index.js';

type Ping = { type: 'ping' };
type Pong = { type: 'pong' };
type Animal = { type: 'animal'; name: string };
type Dog = Animal & { barks: true };

declare const pingRef: Ref<Ping>;
declare const animalRef: Ref<Animal>;
declare const dogRef: Ref<Dog>;
declare const system: ReturnType<typeof createActorSystem>;

// @ts-expect-error a Ref<Ping> is not a Ref<Pong>
export const wrong: Ref<Pong> = pingRef;

// @ts-expect-error a ref that only takes dogs cannot take any animal
export const narrowToWide: Ref<Animal> = dogRef;

// A ref that takes any animal can be used where dogs are sent (contravariance).
export const wideToNarrow: Ref<Dog> = animalRef;

// Any ref can be watched or stopped.
export const any: AnyRef = pingRef;

// @ts-expect-error tell checks the message against the ref's type
system.tell(pingRef, { type: 'pong' });

system.tell(pingRef, { type: 'ping' });

// @ts-expect-error a plain object without the message type is not a Ref<Ping> for tell
system.tell<Pong>(pingRef, { type: 'pong' });
