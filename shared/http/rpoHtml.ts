// The RPO report as one self-contained HTML page (no scripts, no external assets), for people who open /api/rpo in a
// browser. Worst verdicts first. Every value from Azure (names, tags, error messages) is escaped.
import { formatDuration } from '../domain/duration.js';
import type { Verdict } from '../domain/rpo/rpo.js';
import type { BlobSourceReport } from '../usecases/rpo/blobSources.js';
import type { RpoInstanceReport, RpoQuery, RpoReport } from '../usecases/rpo/rpoReport.js';

const ORDER: Readonly<Record<Verdict, number>> = { breached: 0, 'at-risk': 1, unknown: 2, ok: 3 };

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}.meta{color:#59636e;margin:0 0 16px}
.summary{display:flex;gap:12px;list-style:none;padding:0;margin:0 0 16px}
.summary li{padding:8px 14px;border-radius:6px;border:1px solid #d1d9e0}.summary b{font-size:18px;margin-left:6px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #d1d9e0}
th{background:#f6f8fa;position:sticky;top:0}small{color:#59636e;display:block}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
.v-ok .badge,li.v-ok{background:#dafbe1;color:#116329}.v-at-risk .badge,li.v-at-risk{background:#fff8c5;color:#7d4e00}
.v-breached .badge,li.v-breached{background:#ffebe9;color:#a40e26}.v-unknown .badge,li.v-unknown{background:#eff2f5;color:#424a53}
.warn{background:#fff8c5;padding:8px 12px;border-radius:6px}`;

export function renderRpoHtml(report: RpoReport & { readonly blobSources?: readonly BlobSourceReport[] }, query: RpoQuery = {}): string {
  const rows = [...report.instances].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || a.name.localeCompare(b.name));
  const s = report.summary;
  const tiles: [Verdict, string, number][] = [
    ['breached', 'breached', s.breached],
    ['at-risk', 'at risk', s.atRisk],
    ['unknown', 'unknown', s.unknown],
    ['ok', 'ok', s.ok],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>RPO compliance · Backup Autopilot for AKS</title><style>${STYLE}</style></head>
<body>
<h1>RPO compliance</h1>
<p class="meta">Generated <time datetime="${esc(report.generatedAt)}">${esc(report.generatedAt)}</time> · ${s.total} instance${s.total === 1 ? '' : 's'}${filters(query)} · ${report.armCalls} ARM calls</p>
<ul class="summary">${tiles.map(([v, label, n]) => `<li class="v-${v}">${label}<b>${n}</b></li>`).join('')}</ul>
${report.warnings.map((w) => `<p class="warn">${esc(w)}</p>`).join('\n')}
<table>
<thead><tr><th>Verdict</th><th>Backup instance</th><th>Vault</th><th>Cluster</th><th>Target</th><th>Newest recovery point</th><th>Age</th><th>Reason</th><th>Evidence</th></tr></thead>
<tbody>
${rows.map(row).join('\n')}
</tbody>
</table>
${blobTable(report.blobSources ?? [])}
</body></html>
`;
}

function row(i: RpoInstanceReport): string {
  const cells = [
    `<span class="badge">${esc(i.verdict)}</span>`,
    `<span title="${esc(i.id)}">${esc(i.name)}</span><small>${esc(i.protectionState ?? 'state unknown')}</small>`,
    esc(i.vault),
    esc(i.cluster),
    `${esc(i.targetRpo ?? 'none')}<small>${esc(i.targetSource)}: ${esc(i.targetDetail)}</small>`,
    i.latestRecoveryPoint ? `<time datetime="${esc(i.latestRecoveryPoint)}">${esc(i.latestRecoveryPoint)}</time>` : '—',
    i.ageSeconds === null ? '—' : esc(humanAge(i.ageSeconds)),
    esc(i.reason),
    `${esc(i.evidence)}<small>${esc(i.evidenceDetail)}</small>`,
  ];
  return `<tr class="v-${esc(i.verdict)}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

/** Blob-landed backups (Velero, pg_dump, etcd snapshots), judged by the same rules. */
function blobTable(sources: readonly BlobSourceReport[]): string {
  if (sources.length === 0) return '';
  const rows = [...sources].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict] || a.name.localeCompare(b.name));
  const row = (b: BlobSourceReport): string => {
    const cells = [
      `<span class="badge">${esc(b.verdict)}</span>`,
      `${esc(b.name)}<small>${esc(b.kind)}</small>`,
      esc(b.location),
      esc(b.targetRpo),
      b.latestRecoveryPoint
        ? `<time datetime="${esc(b.latestRecoveryPoint)}">${esc(b.latestRecoveryPoint)}</time><small>${esc(b.artifact ?? '')}</small>`
        : '—',
      b.ageSeconds === null ? '—' : esc(humanAge(b.ageSeconds)),
      esc(b.reason),
    ];
    return `<tr class="v-${esc(b.verdict)}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  };
  return `<h2>Blob-landed backups</h2>
<table>
<thead><tr><th>Verdict</th><th>Source</th><th>Location</th><th>Target</th><th>Newest backup</th><th>Age</th><th>Reason</th></tr></thead>
<tbody>
${rows.map(row).join('\n')}
</tbody>
</table>`;
}

function filters(query: RpoQuery): string {
  const parts = [
    query.instanceId ? `instance ${query.instanceId}` : undefined,
    query.cluster ? `cluster ${query.cluster}` : undefined,
    query.vault ? `vault ${query.vault}` : undefined,
    query.verdicts ? `verdict ${query.verdicts.join(', ')}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length ? ` · filtered by ${esc(parts.join('; '))}` : '';
}

/** 7069 s → "1 h 57 min"; the ISO form stays in the JSON. A negative age (clock skew) is shown as such. */
export function humanAge(seconds: number): string {
  if (seconds < 0) return `${formatDuration(-seconds * 1000)} in the future`;
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min` : `${seconds} s`;
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
