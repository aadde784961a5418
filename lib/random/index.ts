export { createRandom } from './Random.js';
export type { Random } from './Random.js';
