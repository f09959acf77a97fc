// THE catalog of CloudEvents the app publishes to its Event Grid topic: every type, who sends it, what its subject
// is, when it fires and the shape of its data. The builder and the parser (cloudEvent.ts) and the README table
// (docs.ts) all come from here, so a type cannot exist in one place and not the other.
//
// Conventions (CloudEvents 1.0):
// - `type`: Autopilot.<Area>.<Fact>, e.g. Autopilot.Rpo.Breached (next: Autopilot.Backup.JobFailed, Autopilot.Rerun.*).
// - `source`: /autopilot/<function that detected it>.
// - `subject`: the ARM id of the backup instance, or blob://<source name> for a blob-landed backup source.
// - `id`: stable per underlying fact (a hash of type, subject and the fact's own instant), so a re-publish after a
//   crash carries the same id and consumers can drop duplicates.
// - `datacontenttype`: application/json.
import { z } from 'zod';

export const EVENT_SOURCES = { rpoCheckTimer: '/autopilot/rpoCheckTimer' } as const;

const SUBJECT_RPO = 'ARM id of the backup instance, or `blob://<source name>`';

const verdict = z.enum(['ok', 'at-risk', 'breached', 'unknown']);

/** The data of every RPO state change: the new verdict with what it is based on, and the one it replaces. */
const rpoChange = <V extends 'ok' | 'at-risk' | 'breached'>(now: V) =>
  z.object({
    verdict: z.literal(now).describe('the new verdict (`breached`, `at-risk` or `ok`, by type)'),
    previousVerdict: verdict
      .exclude(['unknown'])
      .nullable()
      .describe('the last known verdict before it (`null` the first time the subject is seen; `unknown` never counts)'),
    reason: z.string().describe('why, in words (age, target, newer backups that do not count)'),
    targetRpo: z.string().nullable().describe('the target as an ISO 8601 duration (`null` when the subject has none)'),
    latestRecoveryPoint: z.string().nullable().describe('newest restorable recovery point or backup (RFC 3339), `null` if none'),
    ageSeconds: z.number().int().nullable().describe('its age when judged'),
    kind: z.enum(['backupInstance', 'blobSource']).describe('`backupInstance` or `blobSource`'),
    name: z.string().describe('backup instance or blob source name'),
    vault: z.string().nullable().describe('backup vault name (`null` for blob sources)'),
    cluster: z.string().nullable().describe('AKS cluster name, or the blob location for blob sources'),
  });

export interface CatalogEntry {
  /** Name of the data shape, shared by types with the same data (the README documents each shape once). */
  readonly shape: string;
  readonly source: string;
  readonly subject: string;
  readonly when: string;
  readonly data: z.ZodType<Readonly<Record<string, unknown>>>;
}

export const EVENT_CATALOG = {
  'Autopilot.Rpo.Breached': {
    shape: 'RpoChange',
    source: EVENT_SOURCES.rpoCheckTimer,
    subject: SUBJECT_RPO,
    when: 'the verdict becomes `breached` (newest restorable point older than the target)',
    data: rpoChange('breached'),
  },
  'Autopilot.Rpo.AtRisk': {
    shape: 'RpoChange',
    source: EVENT_SOURCES.rpoCheckTimer,
    subject: SUBJECT_RPO,
    when: 'the verdict becomes `at-risk` (from `ok`, or back down from `breached`)',
    data: rpoChange('at-risk'),
  },
  'Autopilot.Rpo.Recovered': {
    shape: 'RpoChange',
    source: EVENT_SOURCES.rpoCheckTimer,
    subject: SUBJECT_RPO,
    when: 'the verdict returns to `ok` from `at-risk` or `breached` (also across `unknown` ticks)',
    data: rpoChange('ok'),
  },
} as const satisfies Record<string, CatalogEntry>;

export type AutopilotEventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends AutopilotEventType> = z.output<(typeof EVENT_CATALOG)[T]['data']>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as AutopilotEventType[];

export const isEventType = (type: string): type is AutopilotEventType => Object.hasOwn(EVENT_CATALOG, type);
