// `npm run bench:coldstart`: what a cold Flex instance pays before the first invocation. A fresh Node process imports
// every compiled function entry exactly as the host does (package.json "main" glob, in the host's order), median of 7
// runs; in the same run, the same with every Azure SDK the app uses imported first (what a composition root with
// static imports costs); and the time from spawning a fresh host (bench/coldstartHost.ts: entries, appStart hooks,
// HTTP) to its first GET /api/rpo answer against the estate.
// Ends with: bench coldstart: import_ms=<median> eager_ms=<median> ratio=<eager/import> first_rpo_ms=<ms>
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURES } from '../shared/config/features.js';
import { DEFAULT_RPO_CHECK_SCHEDULE } from '../shared/config/monitor.js';
import { DEFAULT_OUTBOX_SCHEDULE } from '../shared/config/notify.js';
import { DEFAULT_JOB_LOGS_SCHEDULE, DEFAULT_JOB_WATCH_SCHEDULE, DEFAULT_RERUN_FOLLOW_SCHEDULE } from '../shared/config/remediation.js';
import { startEstate } from '../sandbox/estate/index.js';
import { readPackageMain, resolveModules } from '../sandbox/host/loadFunctions.js';

const RUNS = 7;
const root = process.cwd();
/** File URLs of the function entries, in the order the host loads them. */
const entries = readPackageMain(root).flatMap((pattern) => resolveModules(pattern, root));
if (entries.length === 0) throw new Error('no function entries: run `npm run build` first');

/**
 * Every SDK package the compiled app imports, statically or with import(): read from dist/functions and dist/shared,
 * so the eager series can neither miss one the app adds nor count one it does not use.
 */
function appSdks(): string[] {
  const found = new Set<string>();
  const scan = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) scan(path);
      else if (e.name.endsWith('.js')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/(?:\bfrom|\bimport\s*\()\s*['"]((?:@azure|@azure-rest)\/[^'"/]+)['"]/g)) {
          found.add(m[1]!);
        }
      }
    }
  };
  for (const dir of ['dist/functions', 'dist/shared']) scan(join(root, dir));
  return [...found].sort();
}
const SDKS = appSdks();

interface Sample {
  readonly ms: number;
  /** CPU time of the same span (user + system): what the wall time is made of on an idle machine. */
  readonly cpuMs: number;
}

function importOnce(eager: boolean): Sample {
  const script = `
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    ${eager ? `for (const m of ${JSON.stringify(SDKS)}) await import(m);` : ''}
    for (const u of ${JSON.stringify(entries)}) await import(u);
    const c = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));`;
  // The @azure/functions "test mode" warning (no worker here) goes to stderr.
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const imports: Sample[] = [];
const eagers: Sample[] = [];
// Interleaved so machine load drifts into both series alike.
for (let i = 0; i < RUNS; i++) {
  imports.push(importOnce(false));
  eagers.push(importOnce(true));
}
const importMs = median(imports.map((s) => s.ms));
const eagerMs = median(eagers.map((s) => s.ms));
const list = (xs: Sample[], key: keyof Sample) => xs.map((x) => x[key].toFixed(0)).join(' ');
console.log(`eager SDKs: ${SDKS.join(' ')}`);
console.log(`imports (ms): ${list(imports, 'ms')}; eager (ms): ${list(eagers, 'ms')}`);
console.log(
  `cpu (ms, the same runs): imports ${list(imports, 'cpuMs')} (median ${median(imports.map((s) => s.cpuMs)).toFixed(0)}); ` +
    `eager ${list(eagers, 'cpuMs')} (median ${median(eagers.map((s) => s.cpuMs)).toFixed(0)})`,
);

// First /api/rpo: a fresh host process against an estate started here, connected only by settings. The other
// features are switched off: their settings (topic, workspace, webhook) are checked at start and unused by this path;
// the timers' schedules are set as the deployment sets them (the host resolves %NAME% when it indexes a function).
const estate = await startEstate();
const dir = mkdtempSync(join(tmpdir(), 'bench-coldstart-'));
let firstRpoMs: number;
try {
  writeFileSync(join(dir, 'ca.pem'), estate.ca);
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/bench/coldstartHost.js'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      AZURE_AUTH_MODE: 'localDev',
      AZURE_SUBSCRIPTION_IDS: estate.model.subscriptions.map((s) => s.id).join(','),
      ARM_ENDPOINT: estate.endpoints.resourceManager,
      EXTRA_CA_CERT_FILE: join(dir, 'ca.pem'),
      FEATURES_OFF: FEATURES.join(','),
      RPO_CHECK_SCHEDULE: DEFAULT_RPO_CHECK_SCHEDULE,
      JOB_WATCH_SCHEDULE: DEFAULT_JOB_WATCH_SCHEDULE,
      JOB_LOGS_SCHEDULE: DEFAULT_JOB_LOGS_SCHEDULE,
      RERUN_FOLLOW_SCHEDULE: DEFAULT_RERUN_FOLLOW_SCHEDULE,
      NOTIFY_OUTBOX_SCHEDULE: DEFAULT_OUTBOX_SCHEDULE,
    },
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 60 s:\n${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (http:\/\/\S+)/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`host exited (${code}):\n${out}`)));
  });
  const res = await fetch(`${url}/api/rpo`);
  const body = await res.text();
  firstRpoMs = performance.now() - started;
  if (res.status !== 200) throw new Error(`/api/rpo answered ${res.status}: ${body.slice(0, 500)}\n${out}`);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
} finally {
  await estate.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `bench coldstart: import_ms=${importMs.toFixed(0)} eager_ms=${eagerMs.toFixed(0)} ratio=${(eagerMs / importMs).toFixed(2)} first_rpo_ms=${firstRpoMs.toFixed(0)}`,
);
