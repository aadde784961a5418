export type { Latency } from './Latency.js';
export { sampleLatency, validateLatency } from './Latency.js';
export type { LinkOptions, ResolvedLink } from './LinkOptions.js';
export { defaultLink, resolveLink } from './LinkOptions.js';
export { SimNetwork, createSimNetwork } from './SimNetwork.js';
export type { SimNetworkOptions, NetworkStats } from './SimNetwork.js';
