import type { TraceEvent } from '../lib/trace/index.js';

const seconds = (ms: number): string => `t=${(ms / 1000).toFixed(3)}s`;

/** One line of a narrated timeline for a fault, milestone, crash or restart event. */
export const describeEvent = (e: TraceEvent): string => {
  const at = seconds(e.t).padEnd(11);
  const where = e.actor === '' ? e.node : `${e.node}:${e.actor}`;
  const data = e.data === undefined ? '' : ` ${Object.entries(e.data).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}`;
  switch (e.kind) {
    case 'fault':
      return `${at} ⚡ ${e.detail ?? e.type}`;
    case 'milestone':
      return `${at} ★ ${where} ${e.type}${data}`;
    case 'crash':
      return `${at} ✗ ${where} crashed: ${e.detail ?? ''}`;
    case 'restart':
      return `${at} ↻ ${where} restarted (${e.detail ?? ''})`;
    default:
      return `${at} ${e.kind} ${where} ${e.type ?? ''}`;
  }
};
