// Emails: one per incident message, or one digest when many are due at once (ACS's default quota on an
// Azure-managed domain is 5 emails a minute, 10 an hour). HTML with every value escaped, and a plain-text twin. Text
// from Azure or events has its links broken (defangLinks, inertText.ts) and is escaped: no markup, and no live link
// (mail clients linkify plain URLs); only the portal links the app builds itself are links.
import type { OutboxEntry } from '../incidents/book.js';
import { defangLinks, escapeHtml } from './inertText.js';
import { clip, factRows, headline, portalLinks, SEVERITY_LABEL, TEXT_LIMITS, whereOf } from './present.js';

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly plainText: string;
}

/** A digest lists at most this many incidents, then "and N more". */
export const DIGEST_MAX_ROWS = 50;

export { escapeHtml } from './inertText.js';

const COLOR = { critical: '#a4262c', error: '#d13438', warning: '#c19c00', resolved: '#107c10' } as const;

export function renderEmail(entry: OutboxEntry, portalUrl: string): RenderedEmail {
  const i = entry.incident;
  const title = defangLinks(headline(i, entry.message));
  const color = entry.message === 'resolved' ? COLOR.resolved : COLOR[i.severity];
  const summary = defangLinks(clip(entry.message === 'resolved' ? (i.resolution ?? i.facts.summary) : i.facts.summary, TEXT_LIMITS.fact));
  const rows = factRows(i, entry.message).map(([k, v]) => [k, defangLinks(v)] as const);
  const links = portalLinks(i, portalUrl);
  const html = page(
    title,
    `<h2 style="color:${color};margin:0 0 8px">${escapeHtml(title)}</h2>
<p>${escapeHtml(summary)}</p>
<table cellpadding="4" style="border-collapse:collapse">${rows
      .map(([k, v]) => `<tr><th align="left" valign="top">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join('')}</table>
${links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a></p>`).join('\n')}`,
  );
  const plainText = [
    title,
    '',
    summary,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(links.length > 0 ? ['', ...links.map((l) => `${l.title}: ${l.url}`)] : []),
  ].join('\n');
  return { subject: `[Backup Autopilot] ${SEVERITY_LABEL[i.severity]}: ${title}`, html, plainText };
}

/** One email for many messages: a table of incidents, newest decision last, cut with "and N more". */
export function renderDigest(entries: readonly OutboxEntry[], portalUrl: string): RenderedEmail {
  const shown = entries.slice(0, DIGEST_MAX_ROWS);
  const more = entries.length - shown.length;
  const open = entries.filter((e) => e.message !== 'resolved').length;
  const subject = `[Backup Autopilot] ${entries.length} incident updates (${open} open, ${entries.length - open} resolved)`;
  const line = (e: OutboxEntry) => {
    const i = e.incident;
    const where = whereOf(i);
    return {
      title: defangLinks(headline(i, e.message)),
      severity: SEVERITY_LABEL[i.severity],
      where: defangLinks(where),
      summary: defangLinks(clip(i.facts.summary, 300)),
      i,
    };
  };
  const rows = shown.map(line);
  const html = page(
    subject,
    `<h2 style="margin:0 0 8px">${escapeHtml(subject.replace('[Backup Autopilot] ', ''))}</h2>
<p>Many incidents changed at once, so they arrive as one digest.</p>
<table cellpadding="4" border="1" style="border-collapse:collapse">
<tr><th align="left">Incident</th><th align="left">Severity</th><th align="left">Where</th><th align="left">Why</th></tr>
${rows
  .map((r) => {
    const link = portalLinks(r.i, portalUrl)[0];
    const name = link ? `<a href="${escapeHtml(link.url)}">${escapeHtml(r.title)}</a>` : escapeHtml(r.title);
    return `<tr><td>${name}</td><td>${escapeHtml(r.severity)}</td><td>${escapeHtml(r.where)}</td><td>${escapeHtml(r.summary)}</td></tr>`;
  })
  .join('\n')}
</table>
${more > 0 ? `<p>and ${more} more</p>` : ''}`,
  );
  const plainText = [
    subject,
    '',
    ...rows.map((r) => `- ${r.title} [${r.severity}] ${r.where}: ${r.summary}`),
    ...(more > 0 ? [`and ${more} more`] : []),
  ].join('\n');
  return { subject, html, plainText };
}

/** More than `threshold` emails due at once become one digest (it never splits: one email per run at most then). */
export const useDigest = (due: number, threshold: number): boolean => due > threshold;

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b">
${body}
<p style="color:#666;font-size:12px">Sent by Backup Autopilot for AKS.</p>
</body></html>`;
}
