// Words and links shared by the Teams card and the email: one place decides how an incident is described.
import type { MessageKind } from '../incidents/book.js';
import { PROBLEM_TITLES, type Incident, type Severity } from '../incidents/types.js';

export function problemTitle(i: Incident): string {
  if (i.kind === 'rpo') return i.facts.status === 'breached' ? 'RPO breached' : 'RPO at risk';
  return PROBLEM_TITLES[i.kind];
}

/**
 * Longest text each field of a message may carry. Every string that reaches a card, its envelope or an email passes
 * through one of these: an instance name or an error message of 100 KB (events carry what Azure reported) must not
 * make a card unreadable, a Teams notification preview three screens long, or an email subject nobody can scan.
 */
export const TEXT_LIMITS = {
  /** Headline (card title, email subject, digest line) and the Teams envelope `summary` (the notification preview). */
  title: 200,
  /** The cluster / vault line under a headline. */
  where: 300,
  /** A fact's value or the summary paragraph. */
  fact: 1_500,
  /** Any TextBlock at all (the backstop in cards/envelope.ts). */
  text: 2_000,
  /** A link longer than this is left out: a cut URL would lead nowhere. */
  url: 2_048,
} as const;

const LEAD: Readonly<Record<MessageKind, string>> = { opened: '', updated: 'Updated: ', reminder: 'Still open: ', resolved: 'Resolved: ' };

/** "RPO breached — prod-weu-orders", with the message kind in front. */
export function headline(i: Incident, message: MessageKind): string {
  return clip(`${LEAD[message]}${problemTitle(i)} — ${i.facts.name}`, TEXT_LIMITS.title);
}

/** "aks-prod-weu / bv-prod-weu": where the subject lives, clipped. */
export const whereOf = (i: Incident): string => clip([i.facts.cluster, i.facts.vault].filter(Boolean).join(' / '), TEXT_LIMITS.where);

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { critical: 'Critical', error: 'Error', warning: 'Warning' };

/** 44933 → "12h 28m"; days for long ages. */
export function humanAge(seconds: number): string {
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "PT15M" → "15m", "P1D" → "1d": ISO durations as people read them. */
export const humanDuration = (iso: string): string =>
  iso
    .replace(/^P(T)?/, '')
    .replace('T', '')
    .toLowerCase()
    .replace(/([a-z])(?=\d)/g, '$1 ');

/** The facts worth showing, in reading order, empty ones left out. */
export function factRows(i: Incident, message: MessageKind): [string, string][] {
  const f = i.facts;
  // A blob-landed backup (subject blob://<name>) has a storage location where an instance has a cluster.
  const blob = i.subject.startsWith('blob://');
  const rows: [string, string | null | undefined][] = [
    ['Status', message === 'resolved' ? `resolved (${i.resolution ?? 'cleared'})` : f.status],
    ['Severity', SEVERITY_LABEL[i.severity]],
    [blob ? 'Location' : 'Cluster', f.cluster],
    ['Vault', f.vault],
    [blob ? 'Backup source' : 'Instance', f.name],
    ['Newest recovery point', f.latestRecoveryPoint],
    [
      'Age vs target',
      f.ageSeconds == null ? null : `${humanAge(f.ageSeconds)} (target ${f.targetRpo ? humanDuration(f.targetRpo) : 'none'})`,
    ],
    ['Metric', f.metric],
    ['Job', f.jobId ? lastSegment(f.jobId) : null],
    ['Error code', f.errorCode],
    ['Error message', f.errorMessage],
    ['Re-runs used', f.rerunsUsed == null ? null : `${f.rerunsUsed} of ${f.rerunBudget ?? '?'}`],
    ['Opened', i.openedAt],
    ['Reminders', i.reminders > 0 ? String(i.reminders) : null],
  ];
  return rows
    .filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '')
    .map(([title, value]) => [title, clip(value, TEXT_LIMITS.fact)]);
}

export const lastSegment = (id: string): string => id.split('/').filter(Boolean).at(-1) ?? id;

/** Azure portal pages of the backup instance and of the job (ARM ids only; a blob source has no portal page). */
export function portalLinks(i: Incident, portalUrl: string): { title: string; url: string }[] {
  const links: { title: string; url: string }[] = [];
  const page = (id: string) => `${portalUrl}/#@/resource${id}`;
  if (i.subject.startsWith('/subscriptions/')) links.push({ title: 'Open backup instance', url: page(i.subject) });
  if (i.facts.jobId?.startsWith('/subscriptions/')) links.push({ title: 'Open backup job', url: page(i.facts.jobId) });
  return links.filter((l) => l.url.length <= TEXT_LIMITS.url);
}

/** Text cut to `max` characters with an ellipsis. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
