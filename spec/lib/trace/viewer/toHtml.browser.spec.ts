import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bootChatter, chatterScenario, type PeerMsg } from '../../../../examples/chatter.js';
import { pathRef } from '../../../../lib/actor/index.js';
import { createSimulation, runScenario } from '../../../../lib/sim/index.js';
import { stopwatch } from '../../../../lib/time/index.js';
import { createMemoryTrace, toHtml, type MemoryTrace, type TraceEvent } from '../../../../lib/trace/index.js';

const CHROMIUM = '/usr/bin/chromium';
/** Headless flags known to work on these machines (no background connections to a closed network). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What `window.troupeViewer.snapshot()` returns. */
interface Snapshot {
  title: string;
  mode: string;
  events: number;
  lanes: string[];
  allLanes: number;
  drawnEvents: number;
  drawnArrows: number;
  frames: number;
  selected: number | null;
  chain: number;
  chainMessages: number;
  chainOnly: boolean;
  view: { from: number; to: number };
  /** Pixels per unit of the axis. */
  scale: number;
}

/** The event as JSON gives it back (undefined fields gone). */
const plain = (e: TraceEvent): unknown => JSON.parse(JSON.stringify(e));

/** The lane an event is drawn in, as the viewer labels it (ask actors merged per node). */
const laneLabel = (e: TraceEvent): string => {
  const actor = e.actor.replace(/\/\$ask\/\d+$/, '/$ask/*');
  if (e.node === '' && actor === '') return 'outside';
  if (actor === '') return `${e.node} (node)`;
  return e.node === '' ? actor : `${e.node} ${actor}`;
};

describe('toHtml in Chromium (the trace viewer)', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let dir = '';

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.warn(`    (skipped: ${CHROMIUM} is missing; install Debian's chromium to run the viewer specs)`);
      this.skip();
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'troupe-viewer-'));
  });

  after(async () => {
    await browser?.close();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Write the page, open it, wait for its first frame; collects script errors and requests. */
  const open = async (name: string, html: string): Promise<{ page: Page; errors: string[]; requests: string[]; dialogs: string[] }> => {
    const file = path.join(dir, `${name}.html`);
    fs.writeFileSync(file, html);
    const page = await browser!.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('request', (req) => requests.push(req.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`file://${file}`);
    await page.waitForFunction('window.troupeViewer !== undefined && window.troupeViewer.snapshot().frames > 0', null, { timeout: 30_000 });
    return { page, errors, requests, dialogs };
  };
  const snapshot = (page: Page): Promise<Snapshot> => page.evaluate<Snapshot>('window.troupeViewer.snapshot()');
  const locate = (page: Page, seq: number): Promise<{ x: number; y: number } | null> =>
    page.evaluate<{ x: number; y: number } | null>(`window.troupeViewer.locate(${seq})`);
  /** Let the viewer draw the next frame. */
  const frame = (page: Page): Promise<unknown> => page.evaluate('new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))');

  describe('with the chatter scenario (seed 9: crashes, partitions, loss, skew; plus a killed actor and a dead letter)', () => {
    let trace: MemoryTrace;
    let events: TraceEvent[];
    let view: Awaited<ReturnType<typeof open>>;

    before(async function () {
      // The scenario's own invariant forbids peer failures; here a killed peer is wanted on screen.
      const run = runScenario({ ...chatterScenario, invariants: undefined }, { seed: 9, simulation: { trace: { memory: true, payloads: true } } });
      expect(run.problems).to.deep.equal([]);
      const sim = run.sim;
      sim.inject({ type: 'kill', node: 'n1', path: '/peer' });
      sim.tell(pathRef<PeerMsg>('n2', '/nobody'), { type: 'tick' });
      sim.runFor(500);
      trace = sim.trace!;
      events = trace.events();
      view = await open('chatter', toHtml(events, { title: 'chatter, seed 9' }));
    });
    after(async () => view?.page.close());

    it('should have every kind of event to show (the scenario is a fair test)', () => {
      const kinds = new Set(events.map((e) => e.kind));
      for (const k of ['send', 'deliver', 'drop', 'dead-letter', 'spawn', 'stop', 'crash', 'restart', 'timer', 'fault', 'milestone']) {
        expect(kinds, k).to.include(k);
      }
      const faults = new Set(events.filter((e) => e.kind === 'fault').map((e) => e.type));
      for (const f of ['node-crash', 'node-restart', 'partition', 'heal', 'loss-burst', 'clock-skew', 'kill-actor']) expect(faults, f).to.include(f);
    });

    it('should load with no script error and no request but the file itself', async () => {
      expect(view.errors).to.deep.equal([]);
      expect(view.requests).to.have.length(1);
      expect(view.requests[0]).to.match(/^file:.*chatter\.html$/);
      const s = await snapshot(view.page);
      expect(s.title).to.equal('chatter, seed 9');
      expect(await view.page.title()).to.equal('chatter, seed 9');
      expect(s.events).to.equal(events.length);
      expect(s.drawnEvents).to.be.greaterThan(0);
      expect(s.drawnArrows).to.be.greaterThan(0);
    });

    it('should draw one lane per actor, ask actors merged, grouped by node in node order', async () => {
      const s = await snapshot(view.page);
      const expected = new Set(events.filter((e) => !(e.kind === 'fault' && e.actor === '')).map(laneLabel));
      expect(new Set(s.lanes)).to.deep.equal(expected);
      expect(s.lanes).to.have.length(expected.size);
      const nodeOrder = s.lanes.map((l) => Number(/^n(\d+) /.exec(l)?.[1]));
      expect(nodeOrder).to.deep.equal([...nodeOrder].sort((a, b) => a - b));
    });

    it('should remove an actor lane when its filter box is unchecked, and bring it back', async () => {
      const { page } = view;
      const onLane = events.find((e) => e.node === 'n2' && e.actor === '/peer' && e.kind === 'deliver' && e.t > 1000)!;
      await page.evaluate(`window.troupeViewer.show(${onLane.t - 100}, ${onLane.t + 100})`);
      await frame(page);
      expect(await locate(page, onLane.seq)).not.to.equal(null);

      await page.click('#tv-f-lanes label[title="n2 /peer"] input');
      await frame(page);
      const s = await snapshot(page);
      expect(s.lanes).not.to.include('n2 /peer');
      expect(s.lanes).to.include('n2 /$ask/*');
      expect(s.lanes).to.have.length(s.allLanes - 1);
      expect(await locate(page, onLane.seq)).to.equal(null);

      await page.click('#tv-f-lanes label[title="n2 /peer"] input');
      await frame(page);
      expect((await snapshot(page)).lanes).to.include('n2 /peer');
      expect(await locate(page, onLane.seq)).not.to.equal(null);
    });

    it('should remove a whole node, and a message type, through their filters', async () => {
      const { page } = view;
      await page.click('#tv-f-nodes label[title="n3"] input');
      await frame(page);
      expect((await snapshot(page)).lanes.filter((l) => l.startsWith('n3 '))).to.deep.equal([]);
      await page.click('#tv-f-nodes label[title="n3"] input');

      await page.evaluate(`window.troupeViewer.show(-100, ${events[events.length - 1].t + 100})`);
      await frame(page);
      const before = (await snapshot(page)).drawnArrows;
      const sent = new Set(events.filter((e) => e.kind === 'send').map((e) => e.msg));
      const stringArrows = events.filter((e) => ['deliver', 'drop', 'dead-letter'].includes(e.kind) && e.type === 'string' && sent.has(e.msg));
      await page.click('#tv-f-types label[title="string"] input');
      await frame(page);
      const after = await snapshot(page);
      expect(after.drawnArrows).to.equal(before - stringArrows.length);
      const strings = events.filter((e) => e.kind === 'deliver' && e.type === 'string');
      await page.evaluate(`window.troupeViewer.show(${strings[5].t - 50}, ${strings[5].t + 50})`);
      await frame(page);
      expect(await locate(page, strings[5].seq)).to.equal(null);
      await page.click('#tv-f-types label[title="string"] input');
      await frame(page);
      expect(await locate(page, strings[5].seq)).not.to.equal(null);
    });

    it('should show a clicked event as JSON, with its payload, and highlight its causal chain', async () => {
      const { page } = view;
      // A delivered note during the partition, whose chain is long (retries after timeouts).
      const candidates = events.filter((e) => e.kind === 'deliver' && e.type === 'note' && e.t > 11_300 && e.t < 11_800);
      const target = candidates.reduce((a, b) => (trace.causalChain(b.msg!).length > trace.causalChain(a.msg!).length ? b : a));
      const chain = trace.causalChain(target.msg!);
      expect(chain.length).to.be.greaterThan(3);
      await page.evaluate(`window.troupeViewer.show(${target.t - 200}, ${target.t + 200})`);
      await frame(page);
      const at = (await locate(page, target.seq))!;
      await page.mouse.click(at.x, at.y);
      await frame(page);

      expect(JSON.parse(await page.textContent('#tv-json') ?? '')).to.deep.equal(plain(target));
      const send = events.find((e) => e.kind === 'send' && e.msg === target.msg)!;
      expect(send.payload).to.not.equal(undefined);
      expect(JSON.parse(await page.textContent('#tv-payload') ?? '')).to.deep.equal(send.payload);
      expect(await page.textContent('#tv-payload-title')).to.equal(`Payload of message ${target.msg} (from its send #${send.seq})`);

      const s = await snapshot(page);
      expect(s.selected).to.equal(target.seq);
      expect(s.chain).to.equal(chain.length);
      expect(await page.textContent('#tv-chain-info')).to.contain(`${chain.length} events in the causal chain of message ${target.msg}`);
      const listed = await page.$$eval('#tv-chain-list li', (lis) => lis.map((li) => li.textContent ?? ''));
      expect(listed.map((text) => Number(/^#(\d+)/.exec(text)?.[1]))).to.deep.equal(chain.map((e) => e.seq).slice(0, 100));
    });

    it('should show a send with its payload, reached by clicking again where its timer is drawn too', async () => {
      const { page } = view;
      // A tick fires and the peer sends a note at the same instant: two markers on one point.
      const samePoint = (e: TraceEvent): TraceEvent[] => events.filter((x) => x.node === e.node && x.actor === e.actor && x.t === e.t);
      const send = events.find(
        (e) => e.kind === 'send' && e.type === 'note' && e.t > 5_000 && samePoint(e).length === 2 && samePoint(e).some((t) => t.kind === 'timer' && t.msg === e.cause),
      )!;
      const timer = events.find((e) => e.kind === 'timer' && e.msg === send.cause)!;
      await page.evaluate(`window.troupeViewer.show(${send.t - 100}, ${send.t + 100})`);
      await frame(page);
      const at = (await locate(page, send.seq))!;
      expect(await locate(page, timer.seq)).to.deep.equal(at);
      await page.mouse.click(at.x, at.y);
      expect((await snapshot(page)).selected).to.equal(timer.seq);
      await page.mouse.click(at.x, at.y);
      expect((await snapshot(page)).selected).to.equal(send.seq);
      const shown = JSON.parse((await page.textContent('#tv-json')) ?? '') as TraceEvent;
      expect(shown).to.deep.equal(plain(send));
      expect(shown.payload).to.have.property('type', 'note');
      expect(await page.isHidden('#tv-payload-box')).to.equal(true);
      // The timer and the send are one causal chain.
      expect((await snapshot(page)).chain).to.equal(trace.causalChain(send.msg!).length);
      expect(trace.causalChain(send.msg!).map((e) => e.seq)).to.include(timer.seq);
    });

    it('should keep only the lanes of the causal chain when asked, and clear the selection with Escape', async () => {
      const { page } = view;
      const s0 = await snapshot(page);
      expect(s0.selected).not.to.equal(null);
      const chain = trace.causalChain(events.find((e) => e.seq === s0.selected)!.msg!);
      await page.click('#tv-chain-only');
      await frame(page);
      const s1 = await snapshot(page);
      expect(s1.chainOnly).to.equal(true);
      expect(new Set(s1.lanes)).to.deep.equal(new Set(chain.map(laneLabel)));
      await page.keyboard.press('Escape');
      await frame(page);
      const s2 = await snapshot(page);
      expect(s2.selected).to.equal(null);
      expect(s2.chain).to.equal(0);
      expect(s2.lanes).to.have.length(s2.allLanes);
      expect(await page.isHidden('#tv-detail')).to.equal(true);
    });

    it('should select a drop and a dead letter, each ending an arrow marked with its reason', async () => {
      const { page } = view;
      for (const bad of [events.find((e) => e.kind === 'drop' && e.reason === 'partition')!, events.find((e) => e.kind === 'dead-letter')!]) {
        await page.evaluate(`window.troupeViewer.show(${bad.t - 50}, ${bad.t + 50})`);
        await frame(page);
        const at = (await locate(page, bad.seq))!;
        expect(at, `#${bad.seq} on screen`).not.to.equal(null);
        await page.mouse.click(at.x, at.y);
        const shown = JSON.parse((await page.textContent('#tv-json')) ?? '') as TraceEvent;
        expect(shown).to.deep.equal(plain(bad));
        expect(await page.textContent('#tv-ev-summary')).to.contain(`reason: ${bad.reason}`);
      }
    });

    it('should switch the axis to Lamport clock and to event order, keeping the selection in view', async () => {
      const { page } = view;
      const deliver = events.find((e) => e.kind === 'deliver' && e.t > 9_000)!;
      await page.evaluate(`window.troupeViewer.select(${deliver.seq})`);
      for (const mode of ['lamport', 'seq', 'time']) {
        await page.selectOption('#tv-mode', mode);
        await page.evaluate(`window.troupeViewer.select(${deliver.seq})`);
        await frame(page);
        const s = await snapshot(page);
        expect(s.mode).to.equal(mode);
        expect(await locate(page, deliver.seq), mode).not.to.equal(null);
      }
      const s = await snapshot(page);
      expect(s.view.from).to.be.lessThan(deliver.t);
      expect(s.view.to).to.be.greaterThan(deliver.t);
    });

    it('should zoom in with the wheel and the buttons, and pan by dragging', async () => {
      const { page } = view;
      await page.click('#tv-fit');
      await frame(page);
      const fit = (await snapshot(page)).view;
      await page.mouse.move(700, 450);
      await page.mouse.wheel(0, -600);
      await frame(page);
      const zoomed = (await snapshot(page)).view;
      expect(zoomed.to - zoomed.from).to.be.lessThan((fit.to - fit.from) / 2);
      await page.click('#tv-zoom-in');
      await frame(page);
      const more = (await snapshot(page)).view;
      expect(more.to - more.from).to.be.closeTo((zoomed.to - zoomed.from) / 1.6, 1e-6 * (fit.to - fit.from));
      await page.mouse.move(700, 600);
      await page.mouse.down();
      await page.mouse.move(700, 300, { steps: 5 });
      await page.mouse.up();
      await frame(page);
      const panned = (await snapshot(page)).view;
      const pxPerMs = (await snapshot(page)).scale;
      expect(panned.from - more.from).to.be.closeTo(300 / pxPerMs, 2 / pxPerMs);
      expect(panned.to - panned.from).to.be.closeTo(more.to - more.from, 1e-6 * (fit.to - fit.from));
    });

    it('should have made no script error along the way', () => {
      expect(view.errors).to.deep.equal([]);
      expect(view.dialogs).to.deep.equal([]);
    });
  });

  describe('with hostile strings in the trace', () => {
    const EVIL = `<img id="pwned" src="x" onerror="document.title='pwned'"></script><script>document.title='pwned';alert(1)</script><!--`;
    const evil: TraceEvent[] = [
      { seq: 1, t: 0, kind: 'spawn', node: `n1${EVIL}`, actor: `/a${EVIL}`, lamport: 0, type: EVIL },
      { seq: 2, t: 1, kind: 'send', node: `n1${EVIL}`, actor: `/a${EVIL}`, lamport: 1, msg: 1, type: EVIL, to: `/b${EVIL}`, toNode: 'n2', payload: { html: EVIL } },
      { seq: 3, t: 2, kind: 'deliver', node: 'n2', actor: `/b${EVIL}`, lamport: 2, msg: 1, type: EVIL, from: `/a${EVIL}`, fromNode: `n1${EVIL}` },
      { seq: 4, t: 3, kind: 'milestone', node: 'n2', actor: `/b${EVIL}`, lamport: 3, type: EVIL, data: { why: EVIL } },
      { seq: 5, t: 4, kind: 'fault', node: 'n2', actor: '', lamport: 0, type: EVIL, detail: EVIL },
    ];

    it('should show them as text: nothing injected runs or renders', async () => {
      const { page, errors, dialogs } = await open('evil', toHtml(evil, { title: `title ${EVIL}` }));
      try {
        expect(dialogs).to.deep.equal([]);
        expect(errors).to.deep.equal([]);
        expect(await page.title()).to.equal(`title ${EVIL}`);
        expect(await page.evaluate('document.getElementById("pwned") === null && document.scripts.length')).to.equal(3);
        expect(await page.getAttribute('#tv-f-lanes label:first-child', 'title')).to.equal(`n1${EVIL} /a${EVIL}`);
        expect(await page.textContent('#tv-f-types label span')).to.equal(EVIL);
        await page.evaluate('window.troupeViewer.select(4)');
        expect(JSON.parse((await page.textContent('#tv-json')) ?? '')).to.deep.equal(plain(evil[3]));
        expect(await page.textContent('#tv-title')).to.equal(`title ${EVIL}`);
        expect(dialogs).to.deep.equal([]);
      } finally {
        await page.close();
      }
    });
  });

  describe('with 100,000 events', () => {
    it('should load and draw within 20 s and keep the DOM small', async function () {
      const sim = createSimulation({ seed: 3, trace: { memory: true, payloads: true } });
      bootChatter(sim, 16, { intervalMs: 50 });
      sim.at(20_000, { type: 'crash', node: 'n3' });
      sim.at(25_000, { type: 'restart', node: 'n3' });
      sim.at(30_000, { type: 'partition', groups: [['n1', 'n2', 'n3'], ['n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10', 'n11', 'n12', 'n13', 'n14', 'n15', 'n16']] });
      sim.at(33_000, { type: 'heal' });
      sim.runUntil(() => sim.trace!.size >= 100_000, 600_000);
      const events = sim.trace!.events().slice(0, 100_000);
      expect(events).to.have.length(100_000);
      const trace = createMemoryTrace();
      for (const e of events) trace.write(e);

      const elapsed = stopwatch();
      const { page, errors } = await open('big', toHtml(events, { title: '100k' }));
      const loadMs = elapsed();
      try {
        expect(loadMs).to.be.lessThan(20_000);
        expect(errors).to.deep.equal([]);
        const s = await snapshot(page);
        expect(s.events).to.equal(100_000);
        expect(s.drawnEvents).to.be.greaterThan(10_000);
        expect(await page.evaluate<number>("document.querySelectorAll('*').length")).to.be.lessThan(2000);

        // Still usable: zoom to half a second, click a delivery, get its chain.
        const target = events.find((e) => e.kind === 'deliver' && e.type === 'note' && e.t > 31_000)!;
        await page.evaluate(`window.troupeViewer.show(${target.t - 250}, ${target.t + 250})`);
        await frame(page);
        const at = (await locate(page, target.seq))!;
        await page.mouse.click(at.x, at.y);
        const s2 = await snapshot(page);
        expect(s2.selected).to.equal(target.seq);
        expect(s2.chain).to.equal(trace.causalChain(target.msg!).length);
        expect(await page.evaluate<number>("document.querySelectorAll('*').length")).to.be.lessThan(2000);
      } finally {
        await page.close();
      }
    });
  });
});
