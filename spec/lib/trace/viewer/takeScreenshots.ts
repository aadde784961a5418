/**
 * Takes the screenshots of the trace viewer shown in docs/tracing.md:
 *
 *   npx tsx spec/lib/trace/viewer/takeScreenshots.ts docs/images
 *
 * The chatter scenario, seed 9 (crashes, partitions, loss bursts, clock skew),
 * opened in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core). Writes trace-viewer.png (virtual time, a causal chain
 * selected) and trace-viewer-order.png (event order).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { chatterScenario } from '../../../../examples/chatter.js';
import { runScenario } from '../../../../lib/sim/index.js';
import { toHtml } from '../../../../lib/trace/index.js';

const outDir = process.argv[2] ?? 'docs/images';
const run = runScenario(chatterScenario, { seed: 9, simulation: { trace: { memory: true, payloads: true } } });
const trace = run.sim.trace!;
const events = trace.events();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'troupe-shots-'));
const file = path.join(work, 'chatter.html');
fs.writeFileSync(file, toHtml(events, { title: 'chatter scenario, seed 9' }));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`file://${file}`);
  await page.waitForFunction('window.troupeViewer !== undefined && window.troupeViewer.snapshot().frames > 0');
  const settle = (): Promise<unknown> => page.evaluate('new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))');

  // Virtual time, around n2's second crash during a loss burst; a note with its causal chain selected.
  const [from, to] = [14_480, 14_760];
  const note = events
    .filter((e) => e.kind === 'deliver' && e.type === 'note' && e.t > from + 50 && e.t < to - 50)
    .reduce((a, b) => (trace.causalChain(b.msg!).length > trace.causalChain(a.msg!).length ? b : a));
  await page.evaluate(`window.troupeViewer.show(${from}, ${to})`);
  await settle();
  const at = await page.evaluate<{ x: number; y: number }>(`window.troupeViewer.locate(${note.seq})`);
  await page.mouse.click(at.x, at.y);
  await page.mouse.move(5, 895);
  await settle();
  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, 'trace-viewer.png') });

  // Event order: one row per event, the classic sequence diagram.
  await page.keyboard.press('Escape');
  await page.selectOption('#tv-mode', 'seq');
  const first = events.findIndex((e) => e.seq === 5780);
  await page.evaluate(`window.troupeViewer.show(${first}, ${first + 60})`);
  await settle();
  await page.screenshot({ path: path.join(outDir, 'trace-viewer-order.png') });
  console.log(`wrote ${path.join(outDir, 'trace-viewer.png')} and trace-viewer-order.png`);
} finally {
  await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
}
