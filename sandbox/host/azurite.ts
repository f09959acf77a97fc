// Starts Azurite (the Storage emulator, a devDependency) in memory on loopback, from node_modules, by spawning node
// on its entry script directly: `npx azurite` forks sh + node and killing the npx PID leaves the server running.
// It cannot outlive us: stop() and process 'exit' kill it, and a watchdog preloaded into the child exits when
// our end of its stdin pipe closes - which the OS does even when this process is SIGKILLed.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Azurite's well-known development account (public, documented; not a secret). */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Default 0 = a random free port (read back from Azurite's output). */
  blobPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Also start the Queue and Table services (same process, random ports). Default false. */
  queueAndTable?: boolean;
  /** Receives Azurite's output lines (startup messages, errors). Default: dropped. */
  log?: (line: string) => void;
  /** Default 20 s. */
  startTimeoutMs?: number;
}

export interface AzuriteInstance {
  readonly blobEndpoint: string;
  readonly queueEndpoint?: string;
  readonly tableEndpoint?: string;
  readonly connectionString: string;
  readonly accountName: string;
  readonly accountKey: string;
  readonly pid: number;
  /** Terminate Azurite and wait for it to exit (SIGKILL after 3 s). Idempotent. */
  stop(): Promise<void>;
}

// Preloaded into the child. unref(): the watch must not keep Azurite alive after it closed its servers on SIGTERM.
const WATCHDOG =
  "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();process.stdin.unref?.();";
const READY = /Azurite (Blob|Queue|Table) service (?:is )?successfully (?:listens on|listening at|started on) (?:https?:\/\/)?(\S+):(\d+)/g;

/** The exact command line (node + watchdog + Azurite entry + flags); exported so tests can prove the watchdog works. */
export function azuriteCommand(options: AzuriteOptions = {}): { command: string; args: string[] } {
  const host = options.host ?? '127.0.0.1';
  const both = options.queueAndTable === true;
  const entry = require.resolve(both ? 'azurite/dist/src/azurite.js' : 'azurite/dist/src/blob/main.js');
  const args = ['--import', `data:text/javascript,${encodeURIComponent(WATCHDOG)}`, entry];
  args.push('--silent', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck');
  args.push('--blobHost', host, '--blobPort', String(options.blobPort ?? 0));
  if (both) args.push('--queueHost', host, '--queuePort', '0', '--tableHost', host, '--tablePort', '0');
  return { command: process.execPath, args };
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteInstance> {
  const { command, args } = azuriteCommand(options);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('Azurite could not be spawned.');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Last resort on a normal or process.exit() exit: kill synchronously (no async work runs in 'exit').
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);

  let output = '';
  const ports = new Map<string, string>();
  const wanted = options.queueAndTable === true ? 3 : 1;
  const ready = new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => reject(new Error(`Azurite did not start (${why}). Output:\n${output.trim() || '(none)'}`));
    const timer = setTimeout(() => fail('timeout'), options.startTimeoutMs ?? 20_000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim() !== '') options.log?.(line.trimEnd());
      for (const m of output.matchAll(READY)) ports.set(m[1] ?? '', `http://${m[2] ?? ''}:${m[3] ?? ''}`);
      if (ports.size >= wanted) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(`exited with ${signal ?? `code ${code}`}`);
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(forced);
      }
      process.off('exit', killOnExit);
      child.stdin.destroy();
    })());

  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  const endpoint = (service: string): string | undefined => {
    const base = ports.get(service);
    return base === undefined ? undefined : `${base}/${AZURITE_ACCOUNT_NAME}`;
  };
  const blobEndpoint = endpoint('Blob') ?? '';
  const queueEndpoint = endpoint('Queue');
  const tableEndpoint = endpoint('Table');
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};` +
    (queueEndpoint ? `QueueEndpoint=${queueEndpoint};` : '') +
    (tableEndpoint ? `TableEndpoint=${tableEndpoint};` : '');
  return {
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    connectionString,
    accountName: AZURITE_ACCOUNT_NAME,
    accountKey: AZURITE_ACCOUNT_KEY,
    pid,
    stop,
  };
}
