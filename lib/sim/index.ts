export { SimDispatcher, createSimDispatcher } from './SimDispatcher.js';
