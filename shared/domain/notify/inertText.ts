// Text that comes from Azure or an event (names, error codes, error messages) reaches Teams cards and emails, and both
// render some of it as markup: a TextBlock or a FactSet value is markdown, so an error message saying
// `[click](https://evil.example)` would be a live link under the Autopilot's name; an email is HTML. Every such string
// passes through one of these on its way out, so it reaches the reader as the literal text it was. Pure.

/** `scheme://host`: what every renderer and mail client turns into a link, by markdown autolink or by its own linkifier. */
const SCHEME_URL = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#\\]*)/gi;
/** `www.host` without a scheme: linkified by the same fuzzy linkers. */
const WWW_HOST = /\bwww\.([^\s/?#\\]*)/gi;
const MAILTO = /\bmailto:/gi;

const dotted = (host: string): string => host.replace(/\./g, '[.]');

/**
 * Breaks links the way security tooling "defangs" them: `https://evil.example/x` → `https[:]//evil[.]example/x`,
 * `www.evil.example` → `www[.]evil[.]example`. Still readable (and a person can rebuild the address on purpose),
 * but no renderer sees a scheme or a host to link. Dots outside URLs (file names, versions) are left alone.
 */
export function defangLinks(text: string): string {
  return text
    .replace(SCHEME_URL, (_, scheme: string, host: string) => `${scheme}[:]//${dotted(host)}`)
    .replace(WWW_HOST, (_, host: string) => `www[.]${dotted(host)}`)
    .replace(MAILTO, (m) => `${m.slice(0, -1)}[:]`);
}

/**
 * Everything Adaptive Card markdown (CommonMark plus tables and strikethrough in some hosts) could read as syntax:
 * emphasis, code, links and images, headings, quotes, HTML and autolinks, entities, tables, strikethrough. CommonMark
 * makes a backslash before any ASCII punctuation that character itself, so escaping changes nothing visible.
 */
const MARKDOWN_ANYWHERE = /[\\`*_[\]()#<>|~&]/g;
/** Only at the start of a line: list bullets and setext underlines (`-`, `+`, `=`), and ordered lists (`1.`). */
const LINE_START = /^([ \t]*)([-+=])/gm;
const ORDERED_LIST = /^([ \t]*\d+)([.])/gm;

/** Text shown as itself in a TextBlock or FactSet: links broken, every markdown character escaped. */
export function markdownLiteral(text: string): string {
  return defangLinks(text)
    .replace(MARKDOWN_ANYWHERE, (c) => `\\${c}`)
    .replace(LINE_START, '$1\\$2')
    .replace(ORDERED_LIST, '$1\\$2');
}

/** Text shown as itself in HTML (element content or a quoted attribute). */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
