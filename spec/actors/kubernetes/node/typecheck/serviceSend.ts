// Compile-time checks of serviceSend (run by spec/actors/kubernetes/node/serviceSend.spec.ts and by
// `npm run typecheck`). Every line marked @ts-expect-error must be a type error; the spec also strips
// the markers and counts the errors.
import type { Ref } from '../../../../../lib/actor/index.js';
import { service, serviceSend, type ServiceUnavailable } from '../../../../../actors/kubernetes/index.js';

type Greeting = { type: 'greeting'; text: string };
type GreeterMsg = { type: 'greet'; who: string; replyTo: Ref<Greeting> } | { type: 'warmed-up' };

declare const me: Ref<Greeting | ServiceUnavailable>;
const greeter = service<GreeterMsg>('default/greeter');

export const ok = serviceSend(greeter, { type: 'greet', who: 'me', replyTo: me }, { replyTo: me, clientIP: '10.0.0.1' });

// @ts-expect-error the greeter's image does not take a 'hello'
export const wrongType = serviceSend(greeter, { type: 'hello' });

// @ts-expect-error a greet needs who
export const missingField = serviceSend(greeter, { type: 'greet', replyTo: me });

declare const greetingsOnly: Ref<Greeting>;
// @ts-expect-error kube-proxy's errors go to replyTo: it must take a ServiceUnavailable
export const wrongReplyTo = serviceSend(greeter, { type: 'warmed-up' }, { replyTo: greetingsOnly });
