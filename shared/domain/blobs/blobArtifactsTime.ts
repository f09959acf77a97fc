// Timestamps in backup file names, as CronJobs write them: `orders-20261121-020000.sql.gz` (date +%Y%m%d-%H%M%S),
// `etcd-snapshot-2026-11-21_02-00-00.db`, `…2026-11-21T02:00:00Z…`. A name without a zone is read as UTC.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T_ ](\d{2})[:-](\d{2})(?:[:-](\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DIGITS = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;

/** The instant a captured name fragment stands for, or undefined when it is not a date(-time) this understands. */
export function parseNameTimestamp(text: string): Date | undefined {
  const t = text.trim();
  const iso = ISO.exec(t);
  const digits = iso ? undefined : DIGITS.exec(t.replace(/[-_T:. ]/gi, ''));
  const m = iso ?? digits;
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const zone = iso?.[7];
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-31 over into March: reject instead of inventing a day.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  if (!zone || /^z$/i.test(zone)) return check;
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!z) return undefined;
  const offset = (Number(z[2]) * 60 + Number(z[3])) * 60_000 * (z[1] === '-' ? -1 : 1);
  return new Date(ms - offset);
}
