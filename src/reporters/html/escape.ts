/** Escaping for text and attribute values in HTML and SVG markup. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` become `\u003c`...
 * so no `</script>` or `<!--` can end the element early, and U+2028/U+2029 are escaped too.
 * `JSON.parse` of the element's text gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Code for an inline `<script>`: a `</script` (any case) inside a string literal would end the element. */
export function scriptForInline(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}
