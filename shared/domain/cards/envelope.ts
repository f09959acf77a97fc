// The Teams Workflows message: an Adaptive Card 1.5 attachment in a `message` envelope (the shape the "When a Teams
// webhook request is received" trigger hands to "Post card in a chat or channel"), and its size as sent.
import { defangLinks, markdownLiteral } from '../notify/inertText.js';
import { clip, TEXT_LIMITS } from '../notify/present.js';

/** Teams refuses a message over 28 KB; practitioners see failures from about 21 KB, so cards are built to 20 KB. */
export const TEAMS_MAX_BYTES = 28 * 1024;
export const CARD_BUDGET_BYTES = 20 * 1024;

export type CardElement = Readonly<Record<string, unknown>>;

export interface AdaptiveCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly msteams?: { readonly width: 'Full' };
}

export interface TeamsMessage {
  readonly type: 'message';
  readonly summary?: string;
  readonly attachments: readonly [
    { readonly contentType: 'application/vnd.microsoft.card.adaptive'; readonly contentUrl: null; readonly content: AdaptiveCard },
  ];
}

export function card(body: readonly CardElement[], actions: readonly CardElement[] = []): AdaptiveCard {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export function envelope(content: AdaptiveCard, summary: string): TeamsMessage {
  return {
    type: 'message',
    // Plain text (the notification preview), but hosts linkify it: no live link from Azure's words.
    summary: defangLinks(clip(summary, TEXT_LIMITS.title)),
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

/** UTF-8 bytes of the JSON body as the webhook receives it. */
export const byteSize = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * The largest `n` (0..total) for which `build(n)` fits `budget` bytes — a list shows its first n items and then
 * "and N more". Binary search: a card is rebuilt log2(total) times, not total times.
 */
export function fitCount<T>(total: number, build: (n: number) => T, budget = CARD_BUDGET_BYTES): { n: number; value: T } {
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (byteSize(build(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return { n: lo, value: build(lo) };
}

/**
 * A TextBlock. Its text is markdown to Teams, and most of what the cards show comes from Azure or an event, so every
 * TextBlock shows its text literally (markdownLiteral): the cards use no markdown of their own.
 */
export const text = (t: string, extra: Readonly<Record<string, unknown>> = {}): CardElement => ({
  type: 'TextBlock',
  text: markdownLiteral(clip(t, TEXT_LIMITS.text)),
  wrap: true,
  ...extra,
});

/** "and 37 more" under a list that was cut. */
export const andMore = (shown: number, total: number): CardElement[] =>
  shown < total ? [text(`and ${total - shown} more`, { isSubtle: true, spacing: 'None' })] : [];
