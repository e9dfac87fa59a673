/**
 * Escaping for the HTML report. Paths, messages and column names come from scanned data, so a file
 * named `<img src=x onerror=alert(1)>.txt` must arrive in the page as text, never as markup.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON safe to embed in `<script type="application/json">`: the HTML parser ends a script element at
 * the first `</script`, and `<!--` switches it into a different parsing state, so every `<` is written
 * as its JSON escape `\u003c` (JSON.parse reads it back unchanged). `>` and `&` too, for good measure.
 */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
