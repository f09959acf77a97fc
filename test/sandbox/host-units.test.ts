// Building blocks of the local host: registration capture rules, module loading, routes, schedules, process guard.
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { app } from '@azure/functions';
import { captureRegistrations } from '../../sandbox/host/registry.js';
import { loadFunctions, readPackageMain, resolveModules } from '../../sandbox/host/loadFunctions.js';
import { expandBraces, globFiles } from '../../sandbox/host/glob.js';
import { compareRank, compileRoute } from '../../sandbox/host/routes.js';
import { parseSchedule } from '../../sandbox/host/timers.js';
import { createProcessGuard } from '../../sandbox/host/processGuard.js';
import { formatLogLine, type LogEntry } from '../../sandbox/host/log.js';
import { startLocalHost } from '../../sandbox/host/localHost.js';

describe('captureRegistrations', () => {
  it('records unsupported triggers with a warning, maps app.generic, records setup and hooks, and restores app on stop', async () => {
    const originalHttp = app.http;
    const logs: LogEntry[] = [];
    const registry = captureRegistrations({ log: (e) => logs.push(e) });
    expect(() => captureRegistrations()).toThrow(/already active/);
    try {
      await loadFunctions({ registry, modules: ['test/fixtures/host/miscFunctions.ts'], log: (e) => logs.push(e) });
      expect(registry.unsupported.get('queueWorker')).toBe('app.storageQueue');
      expect(logs.some((e) => e.level === 'warning' && e.message.includes('app.storageQueue("queueWorker") is not supported'))).toBe(true);
      expect(registry.http.get('genericHttp')).toMatchObject({ route: 'generic/{id}', methods: ['GET'] });
      expect(registry.timers.get('genericTimer')?.schedule).toBe('0 */5 * * * *');
      expect(registry.setupOptions).toEqual({ enableHttpStream: false });
      expect(registry.hooks).toEqual(['appStart']);

      const host = await startLocalHost({ registry, port: 0, timers: 'manual', log: () => undefined });
      try {
        expect(await (await fetch(`${host.url}/api/generic/9`)).text()).toBe('generic 9');
        const status = (await (await fetch(`${host.url}/admin/host/status`)).json()) as { unsupported: unknown[] };
        expect(status.unsupported).toEqual([{ name: 'queueWorker', registeredWith: 'app.storageQueue' }]);
      } finally {
        await host.close();
      }
    } finally {
      registry.stopCapture();
    }
    expect(app.http).toBe(originalHttp);
    expect(registry.capturing).toBe(false);
    await expect(loadFunctions({ registry, modules: 'test/fixtures/host/miscFunctions.ts' })).rejects.toThrow(
      /active captureRegistrations/,
    );
  });

  it('refuses duplicate (case-insensitive) and invalid function names, naming the function', async () => {
    const registry = captureRegistrations({ log: () => undefined });
    try {
      await expect(loadFunctions({ registry, modules: 'test/fixtures/host/duplicateFunctions.ts', log: () => undefined })).rejects.toThrow(
        /Function "Report" is registered twice \(app\.http and app\.timer\)/,
      );
      expect(() => app.http('1bad name', { handler: () => ({}) })).toThrow(/not a valid function name/);
    } finally {
      registry.stopCapture();
    }
  });
});

describe('module loading', () => {
  it('expands globs and braces in a stable, sorted order and explains an empty match', () => {
    expect(expandBraces('dist/{index.js,functions/*.js}')).toEqual(['dist/index.js', 'dist/functions/*.js']);
    const files = globFiles('test/fixtures/host/*Functions.ts', process.cwd()).map((f) => f.split('/').pop());
    expect(files).toEqual(['duplicateFunctions.ts', 'httpFunctions.ts', 'miscFunctions.ts', 'triggerFunctions.ts']);
    expect(globFiles('test/**/host/http*.ts', process.cwd())).toHaveLength(1);
    expect(() => resolveModules('dist/nothing-here/*.js', process.cwd())).toThrow(/No function modules match .*npm run build/);
    expect(readPackageMain(process.cwd())).toEqual(['dist/functions/*.js']);
  });

  it('loads compiled JavaScript modules from a package.json-style glob', async () => {
    const dir = join('test-output', 'host-js');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'b.js'), "import { app } from '@azure/functions';\napp.get('fromJsB', () => ({ body: 'b' }));\n");
    writeFileSync(join(dir, 'a.js'), "import { app } from '@azure/functions';\napp.get('fromJsA', () => ({ body: 'a' }));\n");
    const registry = captureRegistrations({ log: () => undefined });
    try {
      const urls = await loadFunctions({ registry, modules: 'test-output/host-js/*.js', log: () => undefined });
      expect(urls.map((u) => u.split('/').pop())).toEqual(['a.js', 'b.js']);
      expect(registry.names()).toEqual(['fromJsA', 'fromJsB']);
    } finally {
      registry.stopCapture();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('routes', () => {
  it('matches templates case-insensitively with optional, default, catch-all and constrained parameters', () => {
    const r = compileRoute('vaults/{vault}/items/{id:int:min(1)}/{tier=hot}');
    expect(r.match('/api/Vaults/v1/ITEMS/3')).toEqual({ vault: 'v1', id: '3', tier: 'hot' });
    expect(r.match('/api/vaults/v1/items/3/cold/')).toEqual({ vault: 'v1', id: '3', tier: 'cold' });
    expect(r.match('/api/vaults/v1/items/0')).toBeUndefined();
    expect(compileRoute('files/{*rest}').match('/api/files/a/b%2Fc')).toEqual({ rest: 'a/b/c' });
    expect(compileRoute('f/{name}.{ext:alpha}').match('/api/f/report.json')).toEqual({ name: 'report', ext: 'json' });
    // Regex constraints escape braces by doubling them, as in ASP.NET route templates.
    const coded = compileRoute('c/{code:regex(^[a-z]{{2}}$)}');
    expect(coded.match('/api/c/ab')).toEqual({ code: 'ab' });
    expect(coded.match('/api/c/abc')).toBeUndefined();
    expect(compileRoute('hello', '').match('/hello')).toEqual({});
    expect(() => compileRoute('x/{id:nonsense}')).toThrow(/Unknown route constraint "nonsense"/);
    expect(compareRank(compileRoute('items/special').rank, compileRoute('items/{id}').rank)).toBeLessThan(0);
  });
});

describe('timer schedules', () => {
  it('parses 6-field and 5-field NCRONTAB in UTC, TimeSpan intervals, and rejects garbage', () => {
    const from = new Date('2026-11-21T10:00:00.500Z');
    expect(parseSchedule('0 30 9 * * 1-5').next(from).toISOString()).toBe('2026-11-23T09:30:00.000Z'); // Saturday → Monday
    expect(parseSchedule('*/15 * * * *').next(from).toISOString()).toBe('2026-11-21T10:15:00.000Z');
    expect(parseSchedule('00:05:00').next(from).toISOString()).toBe('2026-11-21T10:05:00.500Z');
    expect(parseSchedule('1.00:00:00').next(from).toISOString()).toBe('2026-11-22T10:00:00.500Z');
    expect(() => parseSchedule('every day')).toThrow(/not recognized/);
    expect(() => parseSchedule('0 0 0 * * * 2027')).toThrow(/not recognized/);
  });
});

describe('processGuard', () => {
  it('runs cleanups once, newest first, on SIGTERM and then exits with 143', async () => {
    const events = new EventEmitter();
    const order: string[] = [];
    const exits: number[] = [];
    const guard = createProcessGuard({ events, exit: (code) => exits.push(code), log: () => undefined });
    guard.add('azurite', () => void order.push('azurite'));
    const remove = guard.add('removed', () => void order.push('removed'));
    guard.add('host', async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push('host');
    });
    remove();
    events.emit('SIGTERM');
    await guard.shutdown('again');
    events.emit('beforeExit');
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['host', 'azurite']);
    expect(exits).toEqual([143]);
    guard.dispose();
    expect(events.listenerCount('SIGINT')).toBe(0);
  });

  it('keeps going when a cleanup throws, and stops waiting for one that hangs past the time bound', async () => {
    const order: string[] = [];
    const logs: LogEntry[] = [];
    const guard = createProcessGuard({ events: new EventEmitter(), exit: () => undefined, log: (e) => logs.push(e), timeoutMs: 50 });
    guard.add('a', () => void order.push('a'));
    guard.add('throws', () => {
      throw new Error('x');
    });
    guard.add('b', () => void order.push('b'));
    await guard.shutdown('test');
    expect(order).toEqual(['b', 'a']);
    expect(logs.some((e) => e.level === 'error' && e.message.startsWith('Cleanup "throws" failed'))).toBe(true);

    const hanging = createProcessGuard({ events: new EventEmitter(), exit: () => undefined, log: (e) => logs.push(e), timeoutMs: 50 });
    hanging.add('hangs', () => new Promise<void>(() => undefined));
    const started = Date.now();
    await hanging.shutdown('test');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(logs.some((e) => e.level === 'warning' && /did not finish in time/.test(e.message))).toBe(true);
  });
});

describe('log lines', () => {
  it('renders one readable line per entry', () => {
    const line = formatLogLine({
      time: '2026-11-21T10:00:00.000Z',
      level: 'warning',
      category: 'function',
      functionName: 'rpo',
      invocationId: '0123456789abcdef',
      message: 'late',
    });
    expect(line).toBe('[2026-11-21T10:00:00.000Z] fn=rpo inv=01234567 WARN late');
  });
});
