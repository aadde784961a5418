import type { TraceEvent } from './TraceEvent.js';
import { encodeViewerData } from './viewer/encodeViewerData.js';
import { renderPage } from './viewer/renderPage.js';

/** Options of {@link toHtml}. */
export interface ToHtmlOptions {
  /** Title of the page (tab and top bar). @default 'troupe trace' */
  title?: string;
}

/** The defaults of {@link ToHtmlOptions}. */
export const TO_HTML_DEFAULTS: Required<ToHtmlOptions> = {
  title: 'troupe trace',
};

const isAsyncIterable = (x: unknown): x is AsyncIterable<TraceEvent> =>
  typeof x === 'object' && x !== null && typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

const page = (events: Iterable<TraceEvent>, options: ToHtmlOptions): string =>
  renderPage(encodeViewerData(events), { title: options.title ?? TO_HTML_DEFAULTS.title });

/**
 * Render a trace as one self-contained HTML page: a sequence diagram you can
 * open from disk with no network. One lane per actor, grouped under a header
 * per node; time runs down (virtual time, or switch to Lamport clock or event
 * order); an arrow per message from its send to its delivery, coloured by
 * type; drops and dead letters end in ✗ with their reason; node crashes,
 * partitions and loss bursts are bands across the lanes they hit, clock skew
 * and other faults are lines; milestones, crashes and restarts are labelled
 * markers. Wheel zooms, drag pans; filter lists hide nodes, actors, message
 * types and event kinds; clicking an event shows its full JSON (payload
 * included) and highlights its causal chain (as {@link MemoryTrace.causalChain}).
 *
 * The page draws on a canvas, only what is on screen, so 100,000 events stay
 * usable; the events are embedded compactly (see `encodeViewerData`). Trace
 * strings are untrusted data: they enter the page only as escaped JSON and
 * are shown with `textContent` or drawn on the canvas, and a
 * Content-Security-Policy lets only the viewer's own script run.
 *
 * Given an async iterable (e.g. {@link readJsonlLines} of a big file) it
 * reads it to the end and returns a promise.
 *
 * @example
 * fs.writeFileSync('run.html', toHtml(sim.trace!.events(), { title: 'chatter, seed 9' }));
 * fs.writeFileSync('run.html', await toHtml(readJsonlLines('run.jsonl')));
 */
export function toHtml(events: readonly TraceEvent[], options?: ToHtmlOptions): string;
export function toHtml(events: AsyncIterable<TraceEvent>, options?: ToHtmlOptions): Promise<string>;
export function toHtml(events: readonly TraceEvent[] | AsyncIterable<TraceEvent>, options?: ToHtmlOptions): string | Promise<string>;
export function toHtml(events: readonly TraceEvent[] | AsyncIterable<TraceEvent>, options: ToHtmlOptions = {}): string | Promise<string> {
  if (!isAsyncIterable(events)) return page(events, options);
  return (async () => {
    const all: TraceEvent[] = [];
    for await (const e of events) all.push(e);
    return page(all, options);
  })();
}
