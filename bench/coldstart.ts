// `npm run bench:coldstart`: what a cold Flex instance pays before the first invocation. A fresh Node process imports
// every compiled function entry exactly as the host does (package.json "main" glob), median of 7 runs; in the same
// run, the same with every Azure SDK the app uses imported first (what an eager composition root costs); and the time
// from spawning a fresh local host to its first GET /api/rpo answer against the estate.
// Ends with: bench coldstart: import_ms=<median> eager_ms=<median> ratio=<eager/import> first_rpo_ms=<ms>
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEstate } from '../sandbox/estate/index.js';
import { readPackageMain, resolveModules } from '../sandbox/host/loadFunctions.js';

const RUNS = 7;
/** Every SDK package the app's adapters use: the eager import a composition root with static imports makes. */
const SDKS = [
  '@azure/identity',
  '@azure/storage-blob',
  '@azure/eventgrid',
  '@azure/communication-email',
  '@azure/monitor-query-logs',
  '@azure/arm-containerservice',
  '@azure-rest/core-client',
  '@azure/core-lro',
  '@azure/core-rest-pipeline',
];

const root = process.cwd();
/** File URLs of the function entries, in the order the host loads them. */
const entries = readPackageMain(root).flatMap((pattern) => resolveModules(pattern, root));
if (entries.length === 0) throw new Error('no function entries: run `npm run build` first');

function importOnce(eager: boolean): number {
  const urls = entries;
  const script = `
    const t0 = performance.now();
    ${eager ? `for (const m of ${JSON.stringify(SDKS)}) await import(m);` : ''}
    for (const u of ${JSON.stringify(urls)}) await import(u);
    process.stdout.write(String(performance.now() - t0));`;
  // A host-like environment: no local-mode settings; the @azure/functions "test mode" warning goes to stderr.
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  return Number(r.stdout);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const imports: number[] = [];
const eagers: number[] = [];
// Interleaved so machine load drifts into both series alike.
for (let i = 0; i < RUNS; i++) {
  imports.push(importOnce(false));
  eagers.push(importOnce(true));
}
const importMs = median(imports);
const eagerMs = median(eagers);
console.log(`imports (ms): ${imports.map((x) => x.toFixed(0)).join(' ')}; eager (ms): ${eagers.map((x) => x.toFixed(0)).join(' ')}`);

// First /api/rpo: a fresh local host process against an estate started here, connected only by settings.
const estate = await startEstate();
const dir = mkdtempSync(join(tmpdir(), 'bench-coldstart-'));
let firstRpoMs: number;
try {
  writeFileSync(join(dir, 'ca.pem'), estate.ca);
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/sandbox/start.js'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LOCAL_PORT: '0',
      LOCAL_ESTATE: 'off',
      AZURE_AUTH_MODE: 'localDev',
      AZURE_SUBSCRIPTION_IDS: estate.model.subscriptions.map((s) => s.id).join(','),
      ARM_ENDPOINT: estate.endpoints.resourceManager,
      EXTRA_CA_CERT_FILE: join(dir, 'ca.pem'),
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
    child.on('exit', (code) => reject(new Error(`local host exited (${code}):\n${out}`)));
  });
  const res = await fetch(`${url}/api/rpo`);
  await res.arrayBuffer();
  firstRpoMs = performance.now() - started;
  if (res.status !== 200) throw new Error(`/api/rpo answered ${res.status}`);
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
