// One Teams card for many messages due at once (a backlog after the webhook was down, a first run over a troubled
// fleet): a line per incident, cut to the size budget with "and N more", instead of a flood of cards in the channel.
import type { OutboxEntry } from '../incidents/book.js';
import { headline, SEVERITY_LABEL, whereOf } from '../notify/present.js';
import { defangLinks } from '../notify/inertText.js';
import { andMore, card, envelope, fitCount, text, type TeamsMessage } from './envelope.js';

export function digestMessage(entries: readonly OutboxEntry[]): TeamsMessage {
  const resolved = entries.filter((e) => e.message === 'resolved').length;
  const title = `${entries.length} incident updates (${entries.length - resolved} open, ${resolved} resolved)`;
  const worst = entries.some((e) => e.message !== 'resolved' && e.incident.severity !== 'warning');
  const build = (n: number) =>
    envelope(
      card([
        {
          type: 'Container',
          style: worst ? 'attention' : 'warning',
          bleed: true,
          items: [
            text(title, { size: 'Large', weight: 'Bolder' }),
            text('Many incidents changed at once, so they arrive as one card.', { isSubtle: true, spacing: 'None' }),
          ],
        },
        ...entries.slice(0, n).map((e) => {
          const i = e.incident;
          const where = whereOf(i);
          const severity = e.message === 'resolved' ? 'Resolved' : SEVERITY_LABEL[i.severity];
          // A RichTextBlock rather than markdown: bold without relying on the host's markdown support. A TextRun is
          // never markdown, so only links are broken (hosts linkify plain text).
          return {
            type: 'RichTextBlock',
            spacing: 'Small',
            inlines: [
              { type: 'TextRun', text: defangLinks(headline(i, e.message)), weight: 'Bolder' },
              { type: 'TextRun', text: defangLinks(` · ${severity}${where ? ` · ${where}` : ''}`) },
            ],
          };
        }),
        ...andMore(n, entries.length),
      ]),
      title,
    );
  return fitCount(entries.length, build).value;
}
