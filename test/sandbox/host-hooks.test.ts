// The local host runs app.hook.appStart as the Node worker does: once, before any function can be invoked, and a hook
// that throws stops the start; appTerminate runs on stop with the same hookData. Invocation hooks are recorded only.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureRegistrations, type FunctionRegistry } from '../../sandbox/host/registry.js';
import { loadFunctions } from '../../sandbox/host/loadFunctions.js';
import { startLocalHost } from '../../sandbox/host/localHost.js';
import type { LogEntry } from '../../sandbox/host/log.js';

const hookLog = (): { calls: string[]; failStart: string | undefined } =>
  (globalThis as unknown as { __hookLog: { calls: string[]; failStart: string | undefined } }).__hookLog;
let registry: FunctionRegistry;
const logs: LogEntry[] = [];

beforeAll(async () => {
  registry = captureRegistrations({ log: (e) => logs.push(e) });
  try {
    await loadFunctions({ registry, modules: ['test/fixtures/host/appHooks.ts'], log: () => undefined });
  } finally {
    registry.stopCapture();
  }
});
afterEach(() => {
  hookLog().calls.length = 0;
  hookLog().failStart = undefined;
});

describe('app hooks on the local host', () => {
  it('runs appStart before serving and appTerminate on close, sharing hookData', async () => {
    expect(registry.hooks).toEqual(['appStart', 'appTerminate', 'preInvocation']);
    expect(logs.some((e) => e.message.includes('app.hook.preInvocation registered: the local host records it but does not run it'))).toBe(
      true,
    );
    const host = await startLocalHost({ registry, port: 0, timers: 'manual', log: () => undefined });
    expect(await (await fetch(`${host.url}/api/hooked`)).text()).toBe('appStart');
    await host.close();
    expect(hookLog().calls).toEqual(['appStart', 'appTerminate:fixture']);
  });

  it('refuses to start when appStart throws, with its message, and serves nothing', async () => {
    hookLog().failStart = 'EVENTGRID_TOPIC_ENDPOINT: required';
    await expect(startLocalHost({ registry, port: 0, timers: 'manual', log: () => undefined })).rejects.toThrow(
      /^app\.hook\.appStart failed: EVENTGRID_TOPIC_ENDPOINT: required$/,
    );
    expect(hookLog().calls).toEqual(['appStart']);
  });
});
