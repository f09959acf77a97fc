// "Could I restore from the backups that land as blobs?" — for each configured source (RPO_BLOB_SOURCES): list,
// pick out the backups, read only what the verdict needs, and judge with the same rules as backup instances.
// One source's failure makes that source `unknown` with the reason; it never hides the others.
import type { Clock } from '../../clock.js';
import type { BlobSourceSettings } from '../../config/monitor.js';
import {
  enoughArtifacts,
  fileArtifacts,
  judgeArtifacts,
  parseVeleroBackup,
  veleroCandidates,
  type Artifact,
} from '../../domain/blobs/blobArtifacts.js';
import { formatDuration } from '../../domain/duration.js';
import type { RpoRules, Verdict } from '../../domain/rpo/rpo.js';
import { mapPool } from '../../util/pool.js';
import type { BlobLocation, BlobReader } from '../ports.js';

/** One blob source judged; shaped like an instance of the RPO report so /api/rpo can list it next to them. */
export interface BlobSourceReport {
  /** `blob://<name>`: the subject of its events. */
  readonly id: string;
  readonly name: string;
  readonly kind: 'velero' | 'file';
  /** `<container>/<prefix>` (and the account when it is not the state account). */
  readonly location: string;
  readonly targetRpo: string;
  readonly targetSource: 'blob-source';
  readonly latestRecoveryPoint: string | null;
  readonly ageSeconds: number | null;
  readonly verdict: Verdict;
  readonly reason: string;
  /** The blob (Velero: the backup name) the verdict rests on. */
  readonly artifact: string | null;
}

/** velero-backup.json files read per source and tick at most, newest first (a healthy location needs one or two). */
export const MAX_VELERO_READS = 20;
const CONCURRENCY = 4;

export const blobSubject = (name: string): string => `blob://${name}`;

export class BlobSourceChecker {
  constructor(
    private readonly reader: BlobReader,
    private readonly sources: readonly BlobSourceSettings[],
    private readonly clock: Clock,
    private readonly rules: RpoRules,
  ) {}

  /** Every configured source, judged now (an empty list when none are configured). */
  async run(): Promise<BlobSourceReport[]> {
    const now = this.clock.now();
    return mapPool(this.sources, CONCURRENCY, (s) => this.judge(s, now));
  }

  private async judge(source: BlobSourceSettings, now: Date): Promise<BlobSourceReport> {
    const location: BlobLocation = { serviceUrl: source.serviceUrl, container: source.container };
    const where = `${source.serviceUrl ? `${source.serviceUrl}/` : ''}${source.container}/${source.prefix}`;
    const base = {
      id: blobSubject(source.name),
      name: source.name,
      kind: source.kind,
      location: where,
      targetRpo: formatDuration(source.targetMs),
    };
    try {
      const artifacts = await this.artifacts(source, location);
      const j = judgeArtifacts({ now, targetMs: source.targetMs, rules: this.rules, artifacts, where });
      return {
        ...base,
        targetSource: 'blob-source',
        latestRecoveryPoint: j.latestRecoveryPoint?.toISOString() ?? null,
        ageSeconds: j.ageSeconds,
        verdict: j.verdict,
        reason: j.reason,
        artifact: j.artifact,
      };
    } catch (e) {
      const why = (e as Error).message || String(e);
      return {
        ...base,
        targetSource: 'blob-source',
        latestRecoveryPoint: null,
        ageSeconds: null,
        verdict: 'unknown',
        reason: `${where} could not be read: ${why}`,
        artifact: null,
      };
    }
  }

  private async artifacts(source: BlobSourceSettings, location: BlobLocation): Promise<Artifact[]> {
    const blobs = await this.reader.list(location, source.prefix);
    if (source.kind === 'file') return fileArtifacts(blobs, source.pattern);
    // Velero: read velero-backup.json newest first, only until no unread one can hold a newer Completed backup.
    const candidates = veleroCandidates(blobs, source.prefix);
    const read: Artifact[] = [];
    for (const [i, blob] of candidates.entries()) {
      read.push(parseVeleroBackup(await this.reader.readText(location, blob.name), blob));
      if (enoughArtifacts(read, candidates[i + 1], MAX_VELERO_READS)) break;
    }
    return read;
  }
}
