// The settings only `npm start` reads (LOCAL_*), parsed once: a bad value stops the start naming the setting, like
// the app's own settings (shared/config/index.ts) do.
import { loadScenario } from './estate/model/load.js';

export interface LocalSettings {
  readonly port: number;
  readonly estate: boolean;
  /** A scenario file, already read and validated; undefined = the default scenario. */
  readonly scenario: string | undefined;
  readonly latencyMs: number;
  readonly verbose: boolean;
}

export class LocalSettingsError extends Error {
  override readonly name = 'LocalSettingsError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid local settings:\n  - ${problems.join('\n  - ')}`);
  }
}

const MAX_LATENCY_MS = 60_000;

export function parseLocalSettings(env: Readonly<Record<string, string | undefined>> = process.env): LocalSettings {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const whole = (name: string, fallback: number, max: number, what: string): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (/^\d+$/.test(v) && n <= max) return n;
    problems.push(`${name}: "${v}" is not ${what} (0-${max})`);
    return fallback;
  };

  const port = whole('LOCAL_PORT', 7071, 65_535, 'a port number');
  const estateText = (value('LOCAL_ESTATE') ?? 'on').toLowerCase();
  if (estateText !== 'on' && estateText !== 'off') problems.push(`LOCAL_ESTATE: "${value('LOCAL_ESTATE')}" must be on or off`);
  const estate = estateText !== 'off';
  const latencyMs = whole('LOCAL_LATENCY_MS', 0, MAX_LATENCY_MS, 'a whole number of milliseconds');
  const scenario = value('LOCAL_SCENARIO');
  if (scenario !== undefined && estate) {
    try {
      loadScenario(scenario);
    } catch (e) {
      problems.push(`LOCAL_SCENARIO: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const verbose = value('LOCAL_VERBOSE');
  if (verbose !== undefined && verbose !== '0' && verbose !== '1') problems.push(`LOCAL_VERBOSE: "${verbose}" must be 1 or 0`);
  if (problems.length > 0) throw new LocalSettingsError(problems);
  return { port, estate, scenario, latencyMs, verbose: verbose === '1' };
}
