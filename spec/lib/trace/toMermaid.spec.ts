import { expect } from 'chai';
import { escapeMermaid, toMermaid } from '../../../lib/trace/toMermaid.js';
import type { TraceEvent } from '../../../lib/trace/TraceEvent.js';

/** n1:/a pings n2:/b, which pongs; a ping to n3:/c is lost to a partition; /c crashes and restarts. */
const exchange: TraceEvent[] = [
  { seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 1 },
  { seq: 2, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 2, msg: 1, type: 'Ping', to: '/b', toNode: 'n2' },
  { seq: 3, t: 1, kind: 'deliver', node: 'n2', actor: '/b', lamport: 3, msg: 1, type: 'Ping', from: '/a', fromNode: 'n1' },
  { seq: 4, t: 1, kind: 'send', node: 'n2', actor: '/b', lamport: 4, msg: 2, cause: 1, type: 'Pong', to: '/a', toNode: 'n1' },
  { seq: 5, t: 2, kind: 'fault', node: '', actor: '', lamport: 0, type: 'partition', detail: 'n1 | n3' },
  { seq: 6, t: 2, kind: 'send', node: 'n1', actor: '/a', lamport: 3, msg: 3, type: 'Ping', to: '/c', toNode: 'n3' },
  { seq: 7, t: 2, kind: 'drop', node: 'n1', actor: '/a', lamport: 3, msg: 3, type: 'Ping', reason: 'partition' },
  { seq: 8, t: 3, kind: 'deliver', node: 'n1', actor: '/a', lamport: 5, msg: 2, type: 'Pong', from: '/b', fromNode: 'n2' },
  { seq: 9, t: 3, kind: 'milestone', node: 'n2', actor: '/b', lamport: 5, type: 'slot-moved', data: { slot: 42, to: 'n2' } },
  { seq: 10, t: 4, kind: 'crash', node: 'n3', actor: '/c', lamport: 1, detail: 'boom' },
  { seq: 11, t: 5, kind: 'restart', node: 'n3', actor: '/c', lamport: 2 },
  { seq: 12, t: 5, kind: 'timer', node: 'n3', actor: '/c', lamport: 3, type: 'Tick' },
];

/** The diagram's lines, without the header and participant declarations. */
const body = (text: string): string[] =>
  text.trimEnd().split('\n').filter((l) => l !== 'sequenceDiagram' && !l.trimStart().startsWith('participant')).map((l) => l.trim());

describe('toMermaid', () => {
  it('should draw an exchange as a sequence diagram', () => {
    expect(toMermaid(exchange)).to.equal(
      [
        'sequenceDiagram',
        '  participant n1_a as n1#58;/a',
        '  participant n2_b as n2#58;/b',
        '  participant n3_c as n3#58;/c',
        '  n1_a->>n2_b: Ping',
        '  Note over n1_a,n3_c: fault partition#58; n1 | n3',
        '  n1_a-xn3_c: Ping (dropped#58; partition)',
        '  n2_b->>n1_a: Pong',
        '  Note over n2_b: slot-moved (slot=42, to=n2)',
        '  Note over n3_c: crash#58; boom',
        '  Note over n3_c: restart',
        '',
      ].join('\n'),
    );
  });

  it('should pair a deliver with its send to find the sender, even when the send is filtered out', () => {
    const lines = body(toMermaid(exchange, { filter: { actor: '/b', kind: 'deliver' } }));
    expect(lines).to.deep.equal(['n1_a->>n2_b: Ping']);
  });

  it("should fall back to the deliver's from fields when the send is missing", () => {
    const lines = body(toMermaid(exchange.filter((e) => e.kind === 'deliver')));
    expect(lines).to.deep.equal(['n1_a->>n2_b: Ping', 'n2_b->>n1_a: Pong']);
  });

  it('should draw a message sent but never delivered nor dropped as in flight', () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, msg: 9, type: 'Ping', to: '/b', toNode: 'n2' },
    ];
    expect(body(toMermaid(events))).to.deep.equal(['n1_a--)n2_b: Ping (in flight)']);
  });

  it('should draw a dead letter as a crossed arrow with its reason', () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, msg: 1, type: 'Get', to: '/gone', toNode: 'n1' },
      { seq: 2, t: 0, kind: 'dead-letter', node: 'n1', actor: '/gone', lamport: 0, msg: 1, type: 'Get', reason: 'stopped' },
    ];
    expect(body(toMermaid(events))).to.deep.equal(['n1_a-xn1_gone: Get (dead letter#58; stopped)']);
  });

  it('should draw one lifeline per node when asked', () => {
    const text = toMermaid(exchange, { participants: 'node' });
    expect(text).to.include('  participant n1 as n1\n  participant n2 as n2\n  participant n3 as n3\n');
    expect(body(text).slice(0, 4)).to.deep.equal([
      'n1->>n2: Ping',
      'Note over n1,n3: fault partition#58; n1 | n3',
      'n1-xn3: Ping (dropped#58; partition)',
      'n2->>n1: Pong',
    ]);
  });

  it('should stop after maxEvents entries and say how many were left out', () => {
    const lines = body(toMermaid(exchange, { maxEvents: 2 }));
    expect(lines).to.deep.equal([
      'n1_a->>n2_b: Ping',
      'Note over n1_a,n2_b: fault partition#58; n1 | n3',
      'Note over n1_a,n2_b: 5 more events omitted (maxEvents 2)',
    ]);
  });

  it('should still name the omitted count when maxEvents is 0', () => {
    expect(toMermaid(exchange, { maxEvents: 0 })).to.equal(
      'sequenceDiagram\n  participant trace as trace\n  Note over trace: 7 more events omitted (maxEvents 0)\n',
    );
  });

  it("should span a node fault over that node's lifelines", () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'fault', node: 'n2', actor: '', lamport: 0, type: 'node-crash', detail: 'power off' },
      ...exchange.slice(1, 3),
      { seq: 13, t: 6, kind: 'milestone', node: 'n2', actor: '/z', lamport: 1, type: 'up' },
    ];
    expect(body(toMermaid(events))).to.deep.equal([
      'Note over n2_b,n2_z: fault node-crash#58; power off',
      'n1_a->>n2_b: Ping',
      'Note over n2_z: up',
    ]);
  });

  it('should give a faulted node without actors its own lifeline', () => {
    const events: TraceEvent[] = [
      exchange[1],
      exchange[2],
      { seq: 3, t: 0, kind: 'fault', node: 'n9', actor: '', lamport: 0, type: 'node-crash' },
    ];
    const text = toMermaid(events);
    expect(text).to.include('  participant n9 as n9\n');
    expect(body(text)).to.deep.equal(['n1_a->>n2_b: Ping', 'Note over n9: fault node-crash']);
  });

  it('should show both reason and detail, cutting a long detail', () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'crash', node: 'n1', actor: '/a', lamport: 1, reason: 'stop-hook', detail: 'x'.repeat(200) },
    ];
    expect(body(toMermaid(events))).to.deep.equal([`Note over n1_a: crash#58; stop-hook#58; ${'x'.repeat(80)}…`]);
  });

  it('should give an empty diagram for no events', () => {
    expect(toMermaid([])).to.equal('sequenceDiagram\n');
  });

  it('should make participant ids Mermaid-safe and unique', () => {
    const deliver = (seq: number, node: string, actor: string): TraceEvent => ({
      seq, t: 0, kind: 'deliver', node, actor, lamport: 1, msg: seq, type: 'X', from: '', fromNode: '',
    });
    const text = toMermaid([deliver(1, 'n', '/a-b'), deliver(2, 'n', '/a_b'), deliver(3, 'end', ''), deliver(4, '9', '/x y')]);
    expect(text.split('\n').filter((l) => l.includes('participant'))).to.deep.equal([
      '  participant outside as outside',
      '  participant n_a_b as n#58;/a-b',
      '  participant n_a_b_2 as n#58;/a_b',
      '  participant p_end as end',
      '  participant p_9_x_y as 9#58;/x y',
    ]);
  });

  const escapes: [string, string, string][] = [
    ['semicolons', 'a;b', 'a#59;b'],
    ['hashes', '#1', '#35;1'],
    ['colons', 'k: v', 'k#58; v'],
    ['angle brackets', '<b>', '#lt;b#gt;'],
    ['newlines', 'one\r\ntwo\nthree', 'one  two three'],
    ['plain text', 'Ping (slot=42, to=n2)', 'Ping (slot=42, to=n2)'],
  ];
  for (const [name, raw, escaped] of escapes) {
    it(`should escape ${name} in labels`, () => {
      expect(escapeMermaid(raw)).to.equal(escaped);
    });
  }

  it('should escape message types and details inside the diagram', () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'crash', node: 'n1', actor: '/a', lamport: 1, detail: 'Error: bad; #2\nat x' },
    ];
    expect(body(toMermaid(events))).to.deep.equal(['Note over n1_a: crash#58; Error#58; bad#59; #35;2 at x']);
  });
});
