// Secret hygiene for webhook URLs: a Teams Workflows URL is a bearer credential (its `sig` query parameter signs
// it), so only its scheme and host may ever appear in a log line or an error.

/** `https://host/…` — the scheme and host only; anything unparsable becomes a fixed marker. */
export function redactUrl(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url.trim());
  return match ? `${match[1]}/…(redacted)` : '(redacted url)';
}

/** Replaces every occurrence of each secret (and its URL-decoded form) in `text` with its redacted form. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of new Set([secret, safeDecode(secret)])) out = out.split(form).join(redactUrl(secret));
  }
  // Belt and braces: a signature that reached the text some other way (re-encoded, partial) is cut too.
  return out.replace(/(\b(sig|code)=)[^&\s"']+/gi, '$1(redacted)');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `host` is on the list: an exact name, or `*.domain` for any depth of subdomain of `domain` (not `domain` itself). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith('*.') ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e;
  });
}
