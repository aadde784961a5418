import { expect } from 'chai';
import { SHIVIZ_REGEX, toShiViz } from '../../../lib/trace/toShiViz.js';
import type { TraceEvent } from '../../../lib/trace/TraceEvent.js';

const A = { node: 'n1', actor: '/a' };
const B = { node: 'n2', actor: '/b' };
const C = { node: 'n3', actor: '/c' };

/**
 * /a sends m1 to /b and m2 to /c; /b forwards m3 to /c; /c's timer fires, it
 * gets m3 before m2, and replies m4 to /a. A cluster-wide fault and an
 * outside send (no actor) sit in between.
 */
const exchange: TraceEvent[] = [
  { seq: 1, t: 0, kind: 'send', ...A, lamport: 1, msg: 1, type: 'Req', to: '/b', toNode: 'n2' },
  { seq: 2, t: 0, kind: 'send', ...A, lamport: 2, msg: 2, type: 'Req', to: '/c', toNode: 'n3' },
  { seq: 3, t: 1, kind: 'deliver', ...B, lamport: 2, msg: 1, type: 'Req', from: '/a', fromNode: 'n1' },
  { seq: 4, t: 1, kind: 'send', ...B, lamport: 3, msg: 3, cause: 1, type: 'Fwd', to: '/c', toNode: 'n3' },
  { seq: 5, t: 1, kind: 'timer', ...C, lamport: 1, type: 'Tick' },
  { seq: 6, t: 2, kind: 'fault', node: '', actor: '', lamport: 0, type: 'partition' },
  { seq: 7, t: 2, kind: 'send', node: '', actor: '', lamport: 1, msg: 9, type: 'Poke', to: '/c', toNode: 'n3' },
  { seq: 8, t: 2, kind: 'deliver', ...C, lamport: 4, msg: 3, type: 'Fwd', from: '/b', fromNode: 'n2' },
  { seq: 9, t: 3, kind: 'deliver', ...C, lamport: 5, msg: 2, type: 'Req', from: '/a', fromNode: 'n1' },
  { seq: 10, t: 3, kind: 'send', ...C, lamport: 6, msg: 4, cause: 2, type: 'Reply', to: '/a', toNode: 'n1' },
  { seq: 11, t: 4, kind: 'deliver', ...A, lamport: 7, msg: 4, type: 'Reply', from: '/c', fromNode: 'n3' },
];

interface Parsed {
  event: string;
  host: string;
  clock: Record<string, number>;
}

/** Parse the log the way ShiViz does: regex on line 1, delimiter on line 2, the rest is the log. */
const parse = (text: string): { regex: string; delimiter: string; events: Parsed[] } => {
  const [regex, delimiter, ...rest] = text.split('\n');
  const log = rest.join('\n');
  const events = [...log.matchAll(new RegExp(regex, 'g'))].map((m) => ({
    event: m.groups!.event,
    host: m.groups!.host,
    clock: JSON.parse(m.groups!.clock) as Record<string, number>,
  }));
  return { regex, delimiter, events };
};

describe('toShiViz', () => {
  it('should start with the parser regex and an empty delimiter line', () => {
    const text = toShiViz(exchange);
    expect(text.split('\n').slice(0, 2)).to.deep.equal(['(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})', '']);
    expect(SHIVIZ_REGEX).to.equal('(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})');
  });

  it('should compute the vector clocks of a 3-actor exchange exactly', () => {
    const { events } = parse(toShiViz(exchange));
    expect(events.map((e) => [e.host, e.clock])).to.deep.equal([
      ['n1:/a', { 'n1:/a': 1 }],
      ['n1:/a', { 'n1:/a': 2 }],
      ['n2:/b', { 'n1:/a': 1, 'n2:/b': 1 }],
      ['n2:/b', { 'n1:/a': 1, 'n2:/b': 2 }],
      ['n3:/c', { 'n3:/c': 1 }],
      ['n3:/c', { 'n1:/a': 1, 'n2:/b': 2, 'n3:/c': 2 }],
      ['n3:/c', { 'n1:/a': 2, 'n2:/b': 2, 'n3:/c': 3 }],
      ['n3:/c', { 'n1:/a': 2, 'n2:/b': 2, 'n3:/c': 4 }],
      ['n1:/a', { 'n1:/a': 3, 'n2:/b': 2, 'n3:/c': 4 }],
    ]);
  });

  it('should count each host 1, 2, 3, … as ShiViz requires', () => {
    const own = new Map<string, number[]>();
    for (const e of parse(toShiViz(exchange)).events) own.set(e.host, [...(own.get(e.host) ?? []), e.clock[e.host]]);
    expect(Object.fromEntries(own)).to.deep.equal({ 'n1:/a': [1, 2, 3], 'n2:/b': [1, 2], 'n3:/c': [1, 2, 3, 4] });
  });

  it('should leave out events without an actor', () => {
    const { events } = parse(toShiViz(exchange));
    expect(events.map((e) => e.event)).to.deep.equal([
      '#1 t=0 send Req to n2:/b msg=1',
      '#2 t=0 send Req to n3:/c msg=2',
      '#3 t=1 deliver Req from n1:/a msg=1',
      '#4 t=1 send Fwd to n3:/c msg=3',
      '#5 t=1 timer Tick',
      '#8 t=2 deliver Fwd from n2:/b msg=3',
      '#9 t=3 deliver Req from n1:/a msg=2',
      '#10 t=3 send Reply to n1:/a msg=4',
      '#11 t=4 deliver Reply from n3:/c msg=4',
    ]);
  });

  it('should write each event as exactly two lines', () => {
    const text = toShiViz(exchange);
    expect(text.endsWith('\n')).to.equal(true);
    expect(text.split('\n')).to.have.length(2 + 9 * 2 + 1);
  });

  it('should keep descriptions on one line and hosts free of spaces', () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'crash', node: 'node 1', actor: '/my actor', lamport: 1, detail: 'Error: x\n  at y' },
      { seq: 2, t: 0, kind: 'milestone', node: 'n', actor: '/m', lamport: 1, type: 'bound', data: { pod: 'p' } },
    ];
    const { events: parsed } = parse(toShiViz(events));
    expect(parsed).to.deep.equal([
      { event: '#1 t=0 crash detail=Error: x   at y', host: 'node_1:/my_actor', clock: { 'node_1:/my_actor': 1 } },
      { event: '#2 t=0 milestone bound data={"pod":"p"}', host: 'n:/m', clock: { 'n:/m': 1 } },
    ]);
  });

  it('should use one host per node when asked', () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, msg: 1, to: '/b', toNode: 'n1' },
      { seq: 2, t: 0, kind: 'deliver', node: 'n1', actor: '/b', lamport: 2, msg: 1, from: '/a', fromNode: 'n1' },
      { seq: 3, t: 0, kind: 'send', node: 'n1', actor: '/b', lamport: 3, msg: 2, to: '/c', toNode: 'n2' },
      { seq: 4, t: 1, kind: 'deliver', node: 'n2', actor: '/c', lamport: 4, msg: 2, from: '/b', fromNode: 'n1' },
    ];
    const { events: parsed } = parse(toShiViz(events, { hosts: 'node' }));
    expect(parsed.map((e) => [e.host, e.clock])).to.deep.equal([
      ['n1', { n1: 1 }],
      ['n1', { n1: 2 }],
      ['n1', { n1: 3 }],
      ['n2', { n1: 3, n2: 1 }],
    ]);
  });

  it('should compute clocks over the filtered events only, so the log stays consistent', () => {
    const { events } = parse(toShiViz(exchange, { filter: { actor: ['/b', '/c'] } }));
    expect(events.map((e) => [e.host, e.clock])).to.deep.equal([
      ['n2:/b', { 'n2:/b': 1 }],
      ['n2:/b', { 'n2:/b': 2 }],
      ['n3:/c', { 'n3:/c': 1 }],
      ['n3:/c', { 'n2:/b': 2, 'n3:/c': 2 }],
      ['n3:/c', { 'n2:/b': 2, 'n3:/c': 3 }],
      ['n3:/c', { 'n2:/b': 2, 'n3:/c': 4 }],
    ]);
  });

  it('should give just the header for no events', () => {
    expect(toShiViz([])).to.equal(`${SHIVIZ_REGEX}\n\n`);
  });
});
