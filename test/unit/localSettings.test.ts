// npm start's own settings (LOCAL_*): every bad value is refused naming the setting.
import { describe, expect, it } from 'vitest';
import { LocalSettingsError, parseLocalSettings } from '../../sandbox/localSettings.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    parseLocalSettings(env);
    return [];
  } catch (e) {
    if (e instanceof LocalSettingsError) return [...e.problems];
    throw e;
  }
};

describe('parseLocalSettings', () => {
  it('defaults to port 7071 with the estate on', () => {
    expect(parseLocalSettings({})).toEqual({ port: 7071, estate: true, scenario: undefined, latencyMs: 0, verbose: false });
    expect(parseLocalSettings({ LOCAL_ESTATE: 'OFF', LOCAL_PORT: '7103', LOCAL_LATENCY_MS: '40', LOCAL_VERBOSE: '1' })).toMatchObject({
      port: 7103,
      estate: false,
      latencyMs: 40,
      verbose: true,
    });
  });

  it.each([
    [{ LOCAL_ESTATE: 'maybe' }, /^LOCAL_ESTATE: "maybe" must be on or off$/],
    [{ LOCAL_PORT: '70000' }, /^LOCAL_PORT: "70000" is not a port number/],
    [{ LOCAL_LATENCY_MS: 'fast' }, /^LOCAL_LATENCY_MS: "fast" is not a whole number of milliseconds/],
    [{ LOCAL_LATENCY_MS: '-5' }, /^LOCAL_LATENCY_MS: /],
    [{ LOCAL_SCENARIO: 'sandbox/scenarios/nope.json' }, /^LOCAL_SCENARIO: cannot read scenario sandbox\/scenarios\/nope\.json/],
    [{ LOCAL_SCENARIO: 'package.json' }, /^LOCAL_SCENARIO: /],
    [{ LOCAL_VERBOSE: 'yes' }, /^LOCAL_VERBOSE: "yes" must be 1 or 0$/],
  ])('refuses %o naming the setting', (env, message) => {
    expect(problems(env)).toEqual([expect.stringMatching(message)]);
  });

  it('names every bad setting at once, and accepts a real scenario file', () => {
    expect(problems({ LOCAL_ESTATE: 'maybe', LOCAL_LATENCY_MS: 'x' }).map((p) => p.split(':')[0])).toEqual([
      'LOCAL_ESTATE',
      'LOCAL_LATENCY_MS',
    ]);
    expect(parseLocalSettings({ LOCAL_SCENARIO: 'sandbox/scenarios/default.json' }).scenario).toBe('sandbox/scenarios/default.json');
  });
});
