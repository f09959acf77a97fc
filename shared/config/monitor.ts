// Settings of the unattended side: where state lives, when the RPO check runs, which blob-landed backups it watches.
// Whether state is configured at all is checked when a feature that needs it is built (see resolveStateLocation in
// shared/adapters/storage/stateStore.ts): the on-demand check alone runs without storage.
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';
import { timerSchedule, url } from './fields.js';

/** Every 15 minutes, on the quarter hour (NCRONTAB with seconds, UTC). */
export const DEFAULT_RPO_CHECK_SCHEDULE = '0 */15 * * * *';

/** Blob container names: 3-63 lower-case letters, digits and single hyphens, starting and ending alphanumeric. */
const CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const containerName = z.string().trim().regex(CONTAINER, 'must be a blob container name (3-63 lower-case letters, digits, hyphens)');

const schedule = timerSchedule(DEFAULT_RPO_CHECK_SCHEDULE);

/** A development storage connection string; only for a loopback emulator (Azurite), never a real account key. */
const connectionString = z
  .string()
  .trim()
  .optional()
  .refine(
    (v) => v === undefined || /^UseDevelopmentStorage=true;?$/i.test(v) || /BlobEndpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(v),
    {
      message: 'is only for the local storage emulator (BlobEndpoint=http://127.0.0.1:…); in Azure set STATE_BLOB_SERVICE_URL instead',
    },
  );

const isoDuration = z
  .string()
  .refine((v) => (parseDuration(v) ?? 0) > 0, { message: 'must be a positive ISO 8601 duration such as PT24H or P1D' });
const regex = z.string().refine(
  (v) => {
    try {
      new RegExp(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression' },
);
const common = {
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1-63 letters, digits, ".", "_" or "-"'),
  blobServiceUrl: url('blobServiceUrl').optional(),
  container: containerName,
  targetRpo: isoDuration,
};
const sourceSchema = z.discriminatedUnion('kind', [
  // Velero: `prefix` is the backup storage location's backups/ folder; each backup is <prefix><name>/velero-backup.json.
  z.strictObject({ ...common, kind: z.literal('velero'), prefix: z.string().default('backups/') }),
  // Any file per backup (pg_dump, etcd snapshot): `pattern` filters names; a named group (?<time>…) dates the file.
  z.strictObject({ ...common, kind: z.literal('file'), prefix: z.string().default(''), pattern: regex.optional() }),
]);

export interface BlobSourceSettings {
  readonly name: string;
  readonly kind: 'velero' | 'file';
  /** undefined = the account that holds the app's state. */
  readonly serviceUrl: string | undefined;
  readonly container: string;
  readonly prefix: string;
  readonly pattern: string | undefined;
  readonly targetRpo: string;
  readonly targetMs: number;
}

/** RPO_BLOB_SOURCES: a JSON array; each problem is named by its place, e.g. `[1].targetRpo`. */
const blobSources = z
  .string()
  .default('[]')
  .transform((text, ctx): BlobSourceSettings[] => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `is not JSON (${(e as Error).message})` });
      return z.NEVER;
    }
    const parsed = z.array(sourceSchema).safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${where(issue.path)}: ${issue.message}` });
      return z.NEVER;
    }
    const seen = new Set<string>();
    parsed.data.forEach((s, i) => {
      if (seen.has(s.name.toLowerCase())) ctx.addIssue({ code: 'custom', message: `[${i}].name: "${s.name}" is used twice` });
      seen.add(s.name.toLowerCase());
    });
    return parsed.data.map((s) => ({
      name: s.name,
      kind: s.kind,
      serviceUrl: s.blobServiceUrl?.replace(/\/+$/, ''),
      container: s.container,
      prefix: s.prefix,
      pattern: s.kind === 'file' ? s.pattern : undefined,
      targetRpo: s.targetRpo,
      targetMs: parseDuration(s.targetRpo) ?? 0,
    }));
  });

const where = (path: readonly PropertyKey[]): string =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '') || '(list)';

export const monitorShape = {
  STATE_BLOB_SERVICE_URL: url('STATE_BLOB_SERVICE_URL').optional(),
  STATE_STORAGE_CONNECTION_STRING: connectionString,
  STATE_CONTAINER: containerName.default('state'),
  RPO_CHECK_SCHEDULE: schedule,
  RPO_BLOB_SOURCES: blobSources,
};

type Raw = z.output<z.ZodObject<typeof monitorShape>>;

export function monitorSection(s: Raw) {
  return {
    state: {
      serviceUrl: s.STATE_BLOB_SERVICE_URL?.replace(/\/+$/, ''),
      connectionString: s.STATE_STORAGE_CONNECTION_STRING,
      container: s.STATE_CONTAINER,
    },
    checkSchedule: s.RPO_CHECK_SCHEDULE,
    blobSources: s.RPO_BLOB_SOURCES as readonly BlobSourceSettings[],
  } as const;
}
