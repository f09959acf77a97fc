// Azure Blob access tiers as far as backups care: the order they cool in, the minimum stay each one charges for
// when a blob leaves it early, and how long an archived backup takes to become readable again.
export const ACCESS_TIERS = ['Hot', 'Cool', 'Cold', 'Archive'] as const;
export type AccessTier = (typeof ACCESS_TIERS)[number];

const DAY = 86_400_000;
const HOUR = 3_600_000;
const GIB = 1024 ** 3;

/** Early-deletion minimums (Azure: Cool 30 days, Cold 90 days, Archive 180 days). */
export const MIN_STAY_MS: Readonly<Record<AccessTier, number>> = { Hot: 0, Cool: 30 * DAY, Cold: 90 * DAY, Archive: 180 * DAY };

export const tierRank = (t: AccessTier): number => ACCESS_TIERS.indexOf(t);

/** Case-insensitive reading of the tier the service reports; undefined for anything else (e.g. premium P10). */
export function readTier(value: string | undefined): AccessTier | undefined {
  const v = value?.trim().toLowerCase();
  return ACCESS_TIERS.find((t) => t.toLowerCase() === v);
}

/** Standard-priority rehydration: "up to 15 hours". */
export const STANDARD_REHYDRATION_MS = 15 * HOUR;
/** High priority: under an hour for blobs under 10 GB … */
export const HIGH_PRIORITY_MAX_BLOB_BYTES = 10 * 1e9;
/** … and at most 10 GiB an hour per storage account. */
export const HIGH_PRIORITY_BYTES_PER_HOUR = 10 * GIB;

/**
 * The best case for bringing a whole archived backup back: High priority, one hour at least, the account's hourly
 * throughput for the rest; a blob too large for High priority takes the Standard time.
 */
export function rehydrationEstimateMs(totalBytes: number, largestBlobBytes: number): number {
  if (largestBlobBytes >= HIGH_PRIORITY_MAX_BLOB_BYTES) return STANDARD_REHYDRATION_MS;
  return Math.max(HOUR, Math.ceil((totalBytes / HIGH_PRIORITY_BYTES_PER_HOUR) * HOUR));
}
