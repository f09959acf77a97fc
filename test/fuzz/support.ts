// Shared setup of the fuzz and load suites: the local stack started programmatically (estate + Azurite + host, timers
// manual, ARM throttling off so a case costs milliseconds), what an input could have caused in the estate, and the
// run parameters (FUZZ_SEED to replay a run, FUZZ_RUNS to change the cases per edge).
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import type { LogEntry } from '../../sandbox/host/index.js';
import { buildServices, type Services } from '../../shared/composition.js';
import { parseConfig } from '../../shared/config/index.js';
import { readBook } from '../../shared/usecases/notify/notifyBook.js';

/** fast-check parameters: a seed printed with every run (replay with FUZZ_SEED=<seed>), cases per edge. */
export function fuzzParameters(edge: string): { seed: number; numRuns: number; endOnFailure: true } {
  const fixed = process.env.FUZZ_SEED;
  const seed = fixed !== undefined && fixed !== '' ? Number(fixed) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${fixed}`);
  const numRuns = Number(process.env.FUZZ_RUNS ?? '300');
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${process.env.FUZZ_RUNS}`);
  console.log(`fuzz ${edge}: seed=${seed} runs=${numRuns} (replay: FUZZ_SEED=${seed})`);
  return { seed, numRuns, endOnFailure: true };
}

export interface FuzzStack {
  readonly stack: LocalStack;
  readonly app: Services;
  /** Log entries at error level or above since the stack started: a failed invocation is one. */
  readonly errors: LogEntry[];
  readonly watched: string;
}

export async function startFuzzStack(): Promise<FuzzStack> {
  const errors: LogEntry[] = [];
  const stack = await startLocalStack({
    port: 0,
    timers: 'manual',
    throttle: false,
    log: (entry) => {
      if (entry.level === 'error' || entry.level === 'critical') errors.push(entry);
    },
    settings: { HTTP_RETRY_DELAY_MS: '5' },
  });
  const app = buildServices(parseConfig(), { clock: stack.estate!.model.clock });
  return { stack, app, errors, watched: stack.config.subscriptionIds[0]! };
}

export interface Effects {
  /** Requests to Azure of any kind (ARM, Resource Graph, Log Analytics). */
  readonly azure: number;
  /** ARM requests that change something (anything but GET). */
  readonly armWrites: number;
  readonly events: number;
  readonly teams: number;
  readonly emails: number;
}

/** What the estate has seen since `resetRequests()`: the ground truth for "nothing happened". */
export function effects(f: FuzzStack): Effects {
  const estate = f.stack.estate!;
  const azure = estate.control.requests.entries(
    (r) => r.service === 'arm' || r.service === 'resourceGraph' || r.service === 'logAnalytics',
  );
  return {
    azure: azure.length,
    armWrites: azure.filter((r) => r.service === 'arm' && r.method !== 'GET').length,
    events: estate.control.eventGrid.events().length,
    teams: estate.control.sinks.teams().length,
    emails: estate.control.sinks.emails().length,
  };
}

export const openIncidents = async (f: FuzzStack): Promise<number> => (await readBook(f.app.stateStore)).incidents.length;

/** The host still answers its status endpoint: nothing a case sent took it down. */
export async function hostAlive(f: FuzzStack): Promise<boolean> {
  const res = await fetch(`${f.stack.url}/admin/host/status`);
  return res.status === 200 && ((await res.json()) as { state: string }).state === 'Running';
}

/** A 4xx body: JSON naming what was wrong (`field`, or `parameter` for query parameters). */
export async function namedField(res: Response): Promise<string | undefined> {
  if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) return undefined;
  const body = (await res.json()) as { error?: { field?: unknown; parameter?: unknown; message?: unknown } };
  const name = body.error?.field ?? body.error?.parameter;
  return typeof name === 'string' && name !== '' && typeof body.error?.message === 'string' ? name : undefined;
}
