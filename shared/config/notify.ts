// Settings of incidents and notifications: where Teams cards and emails go, how often a long-open incident is
// recalled, how hard the outbox retries, and the Teams webhook allow-list. The webhook URL is a secret (its query
// carries the signature): it is wrapped so that logging the settings, or an error about them, never prints it.
import { z } from 'zod';
import { hostAllowed, redactUrl } from '../domain/notify/redact.js';
import { csv, duration, int, timerSchedule, url } from './fields.js';

/** Every minute, on the minute (NCRONTAB with seconds, UTC). */
export const DEFAULT_OUTBOX_SCHEDULE = '0 * * * * *';

/** Hosts of Teams Workflows (Power Automate / Logic Apps) webhooks; the retired Office 365 connector hosts are not here. */
export const DEFAULT_TEAMS_HOSTS = '*.logic.azure.com,*.powerautomate.com,*.powerplatform.com,*.api.powerplatform.com';

const schedule = timerSchedule(DEFAULT_OUTBOX_SCHEDULE);

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const emails = csv.refine((list) => list.every((a) => EMAIL.test(a)), { message: 'must be email addresses, comma-separated' });

export const notifyShape = {
  TEAMS_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default(DEFAULT_TEAMS_HOSTS)
    .transform((v) => v.split(/[,;\s]+/).filter(Boolean))
    .refine((hosts) => hosts.every((h) => /^(\*\.)?[a-z0-9.-]+$/i.test(h)), { message: 'must be host names, optionally *.domain' }),
  NOTIFY_EMAIL_SENDER: z.string().trim().regex(EMAIL, 'must be an email address of a domain linked to the ACS resource').optional(),
  NOTIFY_EMAIL_TO: emails,
  NOTIFY_OUTBOX_SCHEDULE: schedule,
  NOTIFY_REMINDER_EVERY: duration('PT24H'),
  NOTIFY_EMAIL_DIGEST_THRESHOLD: int(3, 1, 50),
  NOTIFY_TEAMS_MAX_PER_SECOND: int(4, 1, 4),
  NOTIFY_TEAMS_DIGEST_THRESHOLD: int(10, 1, 500),
  NOTIFY_RETRY_BASE: duration('PT1M'),
  NOTIFY_RETRY_MAX: duration('PT1H'),
  NOTIFY_PORTAL_URL: url('NOTIFY_PORTAL_URL').default('https://portal.azure.com'),
};

type Raw = z.output<z.ZodObject<typeof notifyShape>> & {
  /** Parsed by the core schema (shared/config/index.ts); checked against the allow-list here. */
  readonly TEAMS_WEBHOOK_URL?: string | undefined;
  readonly ACS_EMAIL_ENDPOINT?: string | undefined;
};

/** A secret URL: `reveal()` is the only way to the text; JSON, string and console forms are redacted. */
export class SecretUrl {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return redactUrl(this.#value);
  }
  toJSON(): string {
    return redactUrl(this.#value);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SecretUrl(${redactUrl(this.#value)})`;
  }
}

/**
 * Shaped like ConfigError (same name, message and `problems`) without importing shared/config/index.ts, which imports this
 * file: the cycle would break whoever loads this module first.
 */
export class NotifyConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid app settings:\n  - ${problems.join('\n  - ')}`);
  }
}

export function notifySection(s: Raw) {
  const problems: string[] = [];
  const allowed = s.TEAMS_WEBHOOK_ALLOWED_HOSTS.map((h) => h.toLowerCase());
  let webhook: SecretUrl | undefined;
  if (s.TEAMS_WEBHOOK_URL) {
    const host = new URL(s.TEAMS_WEBHOOK_URL).hostname.toLowerCase();
    // Named by host only: the rest of the URL is the secret.
    if (!hostAllowed(host, allowed)) {
      problems.push(
        `TEAMS_WEBHOOK_URL: host "${host}" is not on TEAMS_WEBHOOK_ALLOWED_HOSTS (${allowed.join(', ')}); ` +
          'use a Teams Workflows webhook ("When a Teams webhook request is received"), Office 365 connectors are retired',
      );
    } else webhook = new SecretUrl(s.TEAMS_WEBHOOK_URL);
  }
  const emailOn = Boolean(s.ACS_EMAIL_ENDPOINT) && s.NOTIFY_EMAIL_TO.length > 0;
  if (emailOn && !s.NOTIFY_EMAIL_SENDER) {
    problems.push('NOTIFY_EMAIL_SENDER: required when ACS_EMAIL_ENDPOINT and NOTIFY_EMAIL_TO are set (DoNotReply@<your ACS domain>)');
  }
  if (s.NOTIFY_RETRY_MAX < s.NOTIFY_RETRY_BASE) problems.push('NOTIFY_RETRY_MAX: must not be shorter than NOTIFY_RETRY_BASE');
  if (problems.length > 0) throw new NotifyConfigError(problems);
  return {
    teams: {
      webhook,
      allowedHosts: allowed,
      maxPerSecond: s.NOTIFY_TEAMS_MAX_PER_SECOND,
      digestThreshold: s.NOTIFY_TEAMS_DIGEST_THRESHOLD,
    },
    email: emailOn ? { endpoint: s.ACS_EMAIL_ENDPOINT!, sender: s.NOTIFY_EMAIL_SENDER!, to: s.NOTIFY_EMAIL_TO } : undefined,
    outboxSchedule: s.NOTIFY_OUTBOX_SCHEDULE,
    reminderEveryMs: s.NOTIFY_REMINDER_EVERY,
    digestThreshold: s.NOTIFY_EMAIL_DIGEST_THRESHOLD,
    retryBaseMs: s.NOTIFY_RETRY_BASE,
    retryMaxMs: s.NOTIFY_RETRY_MAX,
    portalUrl: s.NOTIFY_PORTAL_URL.replace(/\/+$/, ''),
  } as const;
}
