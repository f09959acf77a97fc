// Property-based fuzzing of every input edge against the local stack (estate + Azurite + host over real HTTP):
// GET /api/rpo queries, POST /api/alerts bodies and headers, CloudEvent deliveries through the host's Event Grid
// webhook, and the settings parser. For every case: no 5xx and no failed invocation, every 4xx is JSON naming the
// field, nothing the input could not legitimately cause (no event, no message, no incident, no ARM write; no Azure
// call at all for a refused input), and the host still answers. FUZZ_RUNS cases per edge (default 300, so 1,200 a
// run); the seed is printed, FUZZ_SEED=<seed> replays a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigError } from '../../shared/config/index.js';
import { parseConfig, SETTING_NAMES } from '../../shared/config/index.js';
import { alertBody, alertHeaders, invalidEvent, rpoQuery, settingsChange } from './arbitraries.js';
import { effects, fuzzParameters, hostAlive, namedField, openIncidents, startFuzzStack, type Effects, type FuzzStack } from './support.js';

let f: FuzzStack;
beforeAll(async () => {
  f = await startFuzzStack();
});
afterAll(() => f?.stack.close());

const FUZZ_TIMEOUT_MS = 180_000;
/** How many cases ended each way: a generator that never reaches a path would fuzz nothing there. */
const outcomes = () => new Map<string, number>();
const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

/** Runs one case from a clean request log; returns what it caused. */
async function observe<T>(run: () => Promise<T>): Promise<{ result: T; before: Effects; after: Effects }> {
  f.stack.estate!.control.resetRequests();
  const before = effects(f);
  const result = await run();
  await f.stack.estate!.control.eventGrid.waitForIdle();
  return { result, before, after: effects(f) };
}

const nothingPublished = (before: Effects, after: Effects) =>
  after.events === before.events && after.teams === before.teams && after.emails === before.emails && after.armWrites === 0;

describe('fuzz', () => {
  it(
    'GET /api/rpo: any query gets 200, a JSON 4xx naming the parameter, or 404 for an unknown instance — and changes nothing',
    async () => {
      const seen = outcomes();
      await fc.assert(
        fc.asyncProperty(rpoQuery(f.watched), async (query) => {
          const { result: res, before, after } = await observe(() => fetch(`${f.stack.url}/api/rpo?${query}`));
          count(seen, String(res.status));
          expect([200, 400, 404]).toContain(res.status);
          if (res.status >= 400) expect(await namedField(res)).toBeDefined();
          else await res.arrayBuffer();
          if (res.status === 400) expect(after.azure).toBe(0);
          expect(nothingPublished(before, after)).toBe(true);
        }),
        fuzzParameters('GET /api/rpo'),
      );
      expect([...seen.keys()].sort()).toEqual(['200', '400', '404']);
      expect(f.errors).toEqual([]);
      expect(await hostAlive(f)).toBe(true);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'POST /api/alerts: any body and headers get 202 or a JSON 4xx naming the field — and publish nothing',
    async () => {
      const seen = outcomes();
      const now = f.stack.estate!.model.clock.now();
      await fc.assert(
        fc.asyncProperty(alertBody(f.watched, now), alertHeaders, async (body, headers) => {
          const {
            result: res,
            before,
            after,
          } = await observe(() =>
            fetch(`${f.stack.url}/api/alerts`, {
              method: 'POST',
              body,
              headers: {
                ...headers.extra,
                accept: headers.accept,
                ...(headers.contentType ? { 'content-type': headers.contentType } : {}),
              },
            }),
          );
          expect([202, 400, 413, 415]).toContain(res.status);
          if (res.status === 202) {
            const answer = (await res.json()) as { published: unknown[]; ignored?: string };
            count(seen, answer.ignored === undefined ? '202 acted on' : '202 ignored');
            // Nothing generated names a job that exists: acting on an alert may read Azure, never find anything.
            expect(answer.published).toEqual([]);
            if (answer.ignored !== undefined) expect(after.azure).toBe(0);
          } else {
            count(seen, String(res.status));
            expect(await namedField(res)).toBeDefined();
            expect(after.azure).toBe(0);
          }
          expect(nothingPublished(before, after)).toBe(true);
        }),
        fuzzParameters('POST /api/alerts'),
      );
      expect([...seen.keys()].sort()).toEqual(['202 acted on', '202 ignored', '400', '413', '415']);
      expect(f.errors).toEqual([]);
      expect(await hostAlive(f)).toBe(true);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'Event Grid: any malformed CloudEvent delivered to either handler is dropped with 202 — no incident, message or Azure call',
    async () => {
      const now = f.stack.estate!.model.clock.now();
      const incidents = await openIncidents(f);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('notifyIncident', 'remediateBackupFailure'),
          fc.array(invalidEvent(f.watched, now), { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          async (fn, events, batch) => {
            const {
              result: res,
              before,
              after,
            } = await observe(() =>
              fetch(`${f.stack.url}/runtime/webhooks/eventgrid?functionName=${fn}`, {
                method: 'POST',
                body: JSON.stringify(batch ? events : events[0]),
                headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/cloudevents-batch+json; charset=utf-8' },
              }),
            );
            // 202 is the host's "every invocation succeeded": a handler that threw would get the event redelivered for a day.
            expect(res.status).toBe(202);
            expect(after.azure).toBe(0);
            expect(nothingPublished(before, after)).toBe(true);
          },
        ),
        fuzzParameters('Event Grid'),
      );
      expect(await openIncidents(f)).toBe(incidents);
      expect(f.errors).toEqual([]);
      expect(await hostAlive(f)).toBe(true);
    },
    FUZZ_TIMEOUT_MS,
  );

  it('settings: any change to a valid environment parses, or fails with a ConfigError whose problems each name a setting, a changed one among them', () => {
    const base = { ...process.env };
    expect(() => parseConfig(base)).not.toThrow();
    const seen = outcomes();
    fc.assert(
      fc.property(settingsChange, (change) => {
        const env: Record<string, string | undefined> = { ...base, ...change };
        for (const [name, value] of Object.entries(change)) if (value === undefined) delete env[name];
        try {
          parseConfig(env);
          count(seen, 'parsed');
        } catch (e) {
          count(seen, 'refused');
          // Feature sections throw their own ConfigError-shaped errors (shared/config/notify.ts says why).
          expect((e as Error).name).toBe('ConfigError');
          const problems = (e as ConfigError).problems;
          expect(Array.isArray(problems)).toBe(true);
          for (const problem of problems) {
            const named = SETTING_NAMES.find(
              (n) => problem.startsWith(`${n}:`) || problem.startsWith(`${n}.`) || problem.startsWith(`${n}[`),
            );
            expect(named, problem).toBeDefined();
          }
          // The environment was valid before: what is refused must be, or mention, a setting that was changed (a
          // problem between two settings, e.g. a webhook host not in the allow-list, is named by either).
          expect(
            problems.some((p) => Object.keys(change).some((n) => p.includes(n))),
            problems.join('; '),
          ).toBe(true);
        }
      }),
      fuzzParameters('settings'),
    );
    expect([...seen.keys()].sort()).toEqual(['parsed', 'refused']);
  });
});
