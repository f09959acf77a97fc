// Cold start, structurally (the time itself is `npm run bench:coldstart`'s): a fresh Node process imports every
// compiled function entry as the host does, and an ESM resolve hook (plus the require cache) records every module it
// loads. Importing the entries must load no Azure SDK — from node_modules only @azure/functions with its own
// dependencies, zod and croner — and the first GET /api/rpo against the estate must then load the ARM pipeline and
// nothing the RPO path does not use.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { readPackageMain, resolveModules } from '../../sandbox/host/loadFunctions.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** What importing the entries may load from node_modules: the programming model (with its own dependencies), zod, croner. */
const FLOOR = [
  '@azure/functions',
  ...Object.keys(
    (JSON.parse(readFileSync(join(repo, 'node_modules/@azure/functions/package.json'), 'utf8')) as { dependencies?: object })
      .dependencies ?? {},
  ),
  'croner',
  'zod',
].sort();
/** Packages a cold GET /api/rpo has no use for: timers, events, notifications, blob sources, LROs, the AKS SDK. */
const NOT_ON_RPO_PATH = [
  '@azure/identity', // AZURE_AUTH_MODE=localDev here; with a managed identity it loads on the first token request
  '@azure/storage-blob',
  '@azure/eventgrid',
  '@azure/communication-email',
  '@azure/monitor-query-logs',
  '@azure/core-lro',
  '@azure/arm-containerservice',
];

/**
 * The deployable app as the host sees it: package.json, every source of tsconfig.build.json compiled file by file into
 * its outDir (verbatimModuleSyntax makes that tsc's JS), node_modules linked. No type check: `npm run typecheck` has it.
 */
function compileApp(dir: string): void {
  const config: unknown = ts.readConfigFile(join(repo, 'tsconfig.build.json'), (p) => ts.sys.readFile(p)).config;
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repo);
  for (const file of parsed.fileNames) {
    const out = join(dir, relative(repo, parsed.options.outDir ?? 'dist'), relative(repo, file)).replace(/\.ts$/, '.js');
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      // Node16 emits ESM for a "type": "module" package, which a file transpiled alone cannot see: say so.
      compilerOptions: { ...parsed.options, module: ts.ModuleKind.ES2022, sourceMap: false },
      fileName: file,
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  writeFileSync(join(dir, 'package.json'), readFileSync(join(repo, 'package.json')));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/** Posts every URL the ESM loader resolves to the main thread; a `data:` URL marks the end of a phase. */
const HOOKS = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`;

/** The child: capture registrations as the host does, import the entries, report; then one GET /api/rpo, report. */
const CHILD = `
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import functions from '@azure/functions';
const entries = JSON.parse(process.env.ENTRIES);
const { port1, port2 } = new MessageChannel();
const urls = [];
let phaseEnd;
port1.on('message', (url) => (url.startsWith('data:') ? phaseEnd() : urls.push(url)));
register(process.env.HOOKS, { data: { port: port2 }, transferList: [port2] });
const loaded = async (phase) => {
  const ended = new Promise((r) => (phaseEnd = r));
  await import('data:text/javascript,export const phase = ' + JSON.stringify(phase));
  await ended;
  // What CommonJS code require()d never reaches the ESM hooks; the require cache has it.
  const required = Object.keys(createRequire(import.meta.url).cache).map((p) => pathToFileURL(p).href);
  return [...new Set([...urls, ...required])];
};
const http = new Map();
functions.app.http = (name, options) => void http.set(name, options.handler);
for (const url of entries) await import(url);
const afterImport = await loaded('import');
const request = new functions.HttpRequest({ method: 'GET', url: 'http://localhost/api/rpo' });
const response = await http.get('rpo')(request, new functions.InvocationContext({ functionName: 'rpo' }));
const afterRpo = await loaded('rpo');
port1.close();
process.stdout.write('\\nREPORT ' + JSON.stringify({ afterImport, afterRpo, status: response.status, jsonBody: response.jsonBody }) + '\\n');
`;

interface Report {
  readonly afterImport: string[];
  readonly afterRpo: string[];
  readonly status: number;
  readonly jsonBody: { readonly instances?: unknown[] } | undefined;
}

/** The package a module URL belongs to (the innermost node_modules), or undefined for the app's own files. */
const packageOf = (url: string): string | undefined => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
const packages = (urls: readonly string[]): string[] =>
  [...new Set(urls.map(packageOf).filter((p): p is string => p !== undefined))].sort();

let estate: Estate;
let dir: string;
let report: Report;

function runChild(env: Record<string, string>): Promise<Report> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      const line = /^REPORT (.*)$/m.exec(out)?.[1];
      if (code === 0 && line) done(JSON.parse(line) as Report);
      else fail(new Error(`child exited ${code}:\n${out}`));
    });
  });
}

beforeAll(async () => {
  estate = await startEstate({ throttle: false });
  dir = mkdtempSync(join(tmpdir(), 'coldstart-'));
  compileApp(dir);
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  writeFileSync(join(dir, 'ca.pem'), estate.ca);
  report = await runChild({
    PATH: process.env.PATH ?? '',
    ENTRIES: JSON.stringify(readPackageMain(dir).flatMap((pattern) => resolveModules(pattern, dir))),
    HOOKS: pathToFileURL(join(dir, 'hooks.mjs')).href,
    AZURE_AUTH_MODE: 'localDev',
    AZURE_SUBSCRIPTION_IDS: estate.model.subscriptions.map((s) => s.id).join(','),
    ARM_ENDPOINT: estate.endpoints.resourceManager,
    EXTRA_CA_CERT_FILE: join(dir, 'ca.pem'),
  });
}, 120_000);
afterAll(async () => {
  await estate?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cold start', () => {
  it('imports every function entry as the host does, loading the app and no Azure SDK', () => {
    const entries = readdirSync(join(dir, 'dist/functions')).filter((f) => f.endsWith('.js'));
    const appFiles = report.afterImport.filter((u) => u.startsWith(pathToFileURL(dir).href) && !u.includes('/node_modules/'));
    for (const entry of entries) expect(appFiles).toContain(pathToFileURL(join(dir, 'dist/functions', entry)).href);
    expect(appFiles.some((u) => u.endsWith('/shared/composition.js'))).toBe(true);
    expect(packages(report.afterImport)).toEqual(FLOOR);
  });

  it('answers the first GET /api/rpo from the estate, loading the ARM pipeline and nothing the RPO path does not use', () => {
    expect(report.status).toBe(200);
    expect(report.jsonBody?.instances?.length).toBeGreaterThan(0);
    const loaded = packages(report.afterRpo);
    expect(loaded).toEqual(expect.arrayContaining(['@azure-rest/core-client', '@azure/core-rest-pipeline']));
    for (const pkg of NOT_ON_RPO_PATH) expect(loaded).not.toContain(pkg);
    // Of Azure's packages, only the pipeline's own building blocks: no service SDK at all.
    const azure = loaded.filter((p) => /^@azure(-rest)?\//.test(p) && !FLOOR.includes(p));
    expect(azure.filter((p) => !/^@azure(\/(core-[a-z-]+|abort-controller|logger)|-rest\/core-client)$/.test(p))).toEqual([]);
  });
});
