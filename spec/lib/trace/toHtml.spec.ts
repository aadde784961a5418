import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { TO_HTML_DEFAULTS, toHtml } from '../../../lib/trace/toHtml.js';
import type { TraceEvent } from '../../../lib/trace/TraceEvent.js';
import { decodeViewerData } from '../../../lib/trace/viewer/encodeViewerData.js';
import { VIEWER_SCRIPT } from '../../../lib/trace/viewer/script/viewerScript.js';

const EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)>';

const events: TraceEvent[] = [
  { seq: 1, t: 0, kind: 'spawn', node: 'n1', actor: '/a', lamport: 0, type: 'pinger' },
  { seq: 2, t: 0, kind: 'send', node: 'n1', actor: '/a', lamport: 1, msg: 1, type: 'Ping', to: '/b', toNode: 'n2', payload: { text: EVIL } },
  { seq: 3, t: 1, kind: 'deliver', node: 'n2', actor: '/b', lamport: 2, msg: 1, type: 'Ping', from: '/a', fromNode: 'n1' },
  { seq: 4, t: 2, kind: 'milestone', node: 'n2', actor: EVIL, lamport: 3, type: `<b>${EVIL}`, data: { note: '<!-- -->' } },
];

/** The text of `<script type="application/json" id="…">`. */
const dataBlock = (html: string, id: string): string => {
  const m = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  if (m === null) throw new Error(`no #${id} block`);
  return m[1];
};

async function* streamOf(list: TraceEvent[]): AsyncIterable<TraceEvent> {
  for (const e of list) yield e;
}

describe('toHtml', () => {
  it('should embed the events so that they decode back unchanged', () => {
    const html = toHtml(events);
    expect(decodeViewerData(dataBlock(html, 'troupe-trace'))).to.deep.equal(events);
  });

  it('should make one self-contained page: no external resource, no network', () => {
    // The trace itself may mention URLs (here a payload does): look at the page around it.
    const html = toHtml(events).replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, '');
    expect(html.startsWith('<!DOCTYPE html>')).to.equal(true);
    expect(html).not.to.match(/\b(src|href)\s*=/i);
    expect(html).not.to.match(/https?:\/\//);
    expect(html).not.to.match(/<link\b|@import|url\(/i);
    expect(html).to.match(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('should keep trace strings out of the markup: exactly three script elements, no injected tags', () => {
    const html = toHtml(events, { title: EVIL });
    expect(html.match(/<script\b/gi)).to.have.length(3);
    expect(html.match(/<\/script>/gi)).to.have.length(3);
    expect(html).not.to.contain('<img');
    expect(html).not.to.contain('<b>');
    expect(html).not.to.contain('<!-- -->');
    expect(html).to.contain(`<title>&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>`);
    expect(JSON.parse(dataBlock(html, 'troupe-config'))).to.deep.equal({ title: EVIL });
  });

  it('should allow only its own script to run (its hash in the Content-Security-Policy)', () => {
    const html = toHtml(events);
    const hash = createHash('sha256').update(VIEWER_SCRIPT, 'utf8').digest('base64');
    expect(html).to.contain(`script-src &#39;sha256-${hash}&#39;`);
    expect(html).to.contain(`<script>${VIEWER_SCRIPT}</script>`);
  });

  it('should ship a script that parses and never closes its own element', () => {
    expect(() => new Function(VIEWER_SCRIPT)).not.to.throw();
    expect(VIEWER_SCRIPT).not.to.match(/<\/script|<!--/i);
  });

  it('should title the page with the default when none is given', () => {
    expect(toHtml([])).to.contain(`<title>${TO_HTML_DEFAULTS.title}</title>`);
  });

  it('should read an async iterable to the end and give the same page', async () => {
    const fromStream = await toHtml(streamOf(events), { title: 'run' });
    expect(fromStream).to.equal(toHtml(events, { title: 'run' }));
  });

  it('should give the same bytes for the same trace', () => {
    expect(toHtml(events)).to.equal(toHtml(events.map((e) => ({ ...e }))));
  });
});
