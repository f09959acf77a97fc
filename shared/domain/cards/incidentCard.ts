// The card for one incident message (opened, updated, reminder, resolved): a severity-coloured header, the facts
// (cluster, vault, instance, newest recovery point, age vs target, job error, re-runs used/budget), recent failed
// jobs (cut to fit with "and N more") and links to the Azure portal. Always under the Teams size limit.
import type { MessageKind } from '../incidents/book.js';
import type { Incident, Severity } from '../incidents/types.js';
import { clip, factRows, headline, lastSegment, portalLinks, SEVERITY_LABEL, TEXT_LIMITS, whereOf } from '../notify/present.js';
import { markdownLiteral } from '../notify/inertText.js';
import { andMore, card, envelope, fitCount, text, type AdaptiveCard, type CardElement, type TeamsMessage } from './envelope.js';

/** Container style and text colour per severity; a resolution is always green. */
const STYLE: Readonly<Record<Severity | 'resolved', { style: string; color: string }>> = {
  critical: { style: 'attention', color: 'Attention' },
  error: { style: 'attention', color: 'Attention' },
  warning: { style: 'warning', color: 'Warning' },
  resolved: { style: 'good', color: 'Good' },
};

export function incidentMessage(i: Incident, message: MessageKind, portalUrl: string): TeamsMessage {
  const title = headline(i, message);
  const build = (n: number) => envelope(incidentCard(i, message, portalUrl, n), title);
  return fitCount(i.facts.failedJobs?.length ?? 0, build).value;
}

export function incidentCard(i: Incident, message: MessageKind, portalUrl: string, jobsShown: number): AdaptiveCard {
  const look = STYLE[message === 'resolved' ? 'resolved' : i.severity];
  const where = whereOf(i);
  const header: CardElement = {
    type: 'Container',
    style: look.style,
    bleed: true,
    items: [
      text(headline(i, message), { size: 'Large', weight: 'Bolder', color: look.color }),
      text(`${message === 'resolved' ? 'Resolved' : SEVERITY_LABEL[i.severity]}${where ? ` · ${where}` : ''}`, {
        isSubtle: true,
        spacing: 'None',
      }),
    ],
  };
  const summary = text(clip(message === 'resolved' ? (i.resolution ?? i.facts.summary) : i.facts.summary, TEXT_LIMITS.fact));
  const facts: CardElement = {
    type: 'FactSet',
    // FactSet titles and values are markdown too: shown literally, like every TextBlock.
    facts: factRows(i, message).map(([title, value]) => ({ title: markdownLiteral(title), value: markdownLiteral(value) })),
  };
  const jobs = i.facts.failedJobs ?? [];
  const jobList: CardElement[] =
    jobs.length > 1
      ? [
          text('Recent failed jobs', { weight: 'Bolder', spacing: 'Medium' }),
          // The job's name (the last segment of its ARM id) is what people match against the portal's job list.
          ...jobs
            .slice(0, jobsShown)
            .map((j) => text(clip(lastSegment(j), 300), { fontType: 'Monospace', size: 'Small', spacing: 'None' })),
          ...andMore(jobsShown, jobs.length),
        ]
      : [];
  const actions = portalLinks(i, portalUrl).map((l) => ({ type: 'Action.OpenUrl', title: l.title, url: l.url }));
  return card([header, summary, facts, ...jobList], actions);
}
