import { expect } from 'chai';
import { escapeHtml, jsonForScript } from '../../../../lib/trace/viewer/escapeHtml.js';

describe('escapeHtml', () => {
  const cases: Array<[string, string]> = [
    ['plain /peer', 'plain /peer'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"onmouseover="x', '&quot;onmouseover=&quot;x'],
    ["it's", 'it&#39;s'],
    ['&amp; stays text', '&amp;amp; stays text'],
    ['nœud ✓', 'nœud ✓'],
  ];
  for (const [input, output] of cases) {
    it(`should escape ${JSON.stringify(input)}`, () => {
      expect(escapeHtml(input)).to.equal(output);
    });
  }
});

describe('jsonForScript', () => {
  const values: unknown[] = [
    { actor: '</script><script>alert(1)</script>' },
    ['<!--', '-->', '</SCRIPT >', '<\u2028\u2029>', '&lt;'],
    { nested: { deep: ['a<b', 'c>d', 'e&f'] } },
    'no special characters',
  ];
  for (const value of values) {
    it(`should keep ${JSON.stringify(value)} parseable and free of markup`, () => {
      const out = jsonForScript(JSON.stringify(value));
      expect(out).not.to.match(/[<>&\u2028\u2029]/);
      expect(JSON.parse(out)).to.deep.equal(value);
    });
  }
});
