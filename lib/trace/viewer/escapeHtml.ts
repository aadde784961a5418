/** The five characters that can change the meaning of HTML text or of an attribute value. */
const HTML_SPECIAL = /[&<>"']/g;

const HTML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Make text safe as HTML element content or a quoted attribute value: `&`,
 * `<`, `>`, `"` and `'` become entities, so a trace string can never open a
 * tag, end an attribute or start an entity.
 *
 * @example
 * escapeHtml('<img src=x onerror="alert(1)">') // '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
 */
export const escapeHtml = (text: string): string => text.replace(HTML_SPECIAL, (c) => HTML_ENTITY[c]);

/** Characters escaped in JSON embedded in a script element (see {@link jsonForScript}). */
const SCRIPT_SPECIAL = /[<>&\u2028\u2029]/g;

const SCRIPT_ESCAPE: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Make JSON text safe inside `<script type="application/json">…</script>`:
 * the HTML parser ends a script element at the first `</script` and treats
 * `<!--` specially, whatever the script's type. In valid JSON these
 * characters can only occur inside strings, where `\u003c` means the same
 * `<` to `JSON.parse`; so the data reads back unchanged and the page never
 * sees markup. (`>`, `&` and the JavaScript line separators are escaped too,
 * for any tool that would read the block as HTML or JavaScript.)
 *
 * @example
 * jsonForScript(JSON.stringify({ actor: '</script><script>alert(1)</script>' }))
 * // '{"actor":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'
 */
export const jsonForScript = (json: string): string => json.replace(SCRIPT_SPECIAL, (c) => SCRIPT_ESCAPE[c]);
