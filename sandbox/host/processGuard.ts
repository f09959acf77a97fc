// Runs registered cleanups exactly once when the process is asked to stop (Ctrl+C = SIGINT, SIGTERM) or runs out
// of work (beforeExit), so `npm start` leaves no Azurite, server or timer behind. Cleanups run newest first
// (like nested try/finally) with a time bound; a second Ctrl+C during cleanup exits at once.
import { consoleLog, describeError, hostEntry, type LogSink } from './log.js';

export type Cleanup = () => void | Promise<void>;

export interface ProcessGuard {
  /** Register a cleanup; returns a function that unregisters it (e.g. after a manual stop). */
  add(name: string, cleanup: Cleanup): () => void;
  /** Run all cleanups once (later calls return the same promise). */
  shutdown(reason: string): Promise<void>;
  /** Remove the signal listeners (tests). */
  dispose(): void;
}

/** The part of `process` the guard listens on (an EventEmitter in tests). */
export interface SignalSource {
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

export interface ProcessGuardOptions {
  log?: LogSink;
  /** Upper bound for all cleanups together; default 10 s. */
  timeoutMs?: number;
  /** Injected for tests: where signals come from and how to exit. */
  events?: SignalSource;
  exit?: (code: number) => void;
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export function createProcessGuard(options: ProcessGuardOptions = {}): ProcessGuard {
  const log = options.log ?? consoleLog;
  const events: SignalSource = options.events ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const cleanups: Array<{ name: string; cleanup: Cleanup }> = [];
  let done: Promise<void> | undefined;

  async function runAll(reason: string): Promise<void> {
    log(hostEntry('information', {}, `Shutting down (${reason}): ${cleanups.length} cleanup(s)`));
    const all = (async () => {
      for (const { name, cleanup } of [...cleanups].reverse()) {
        try {
          await cleanup();
        } catch (err) {
          log(hostEntry('error', {}, `Cleanup "${name}" failed: ${describeError(err)}`));
        }
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(hostEntry('warning', {}, 'Cleanups did not finish in time; exiting anyway.'));
        resolve();
      }, options.timeoutMs ?? 10_000);
      timer.unref();
    });
    await Promise.race([all, timeout]);
    clearTimeout(timer);
  }

  const shutdown = (reason: string): Promise<void> => (done ??= runAll(reason));

  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => () => {
    if (done) {
      exit(SIGNAL_EXIT_CODES[signal]); // second signal: the user insists
      return;
    }
    void shutdown(signal).finally(() => exit(SIGNAL_EXIT_CODES[signal]));
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  // beforeExit: the loop is empty; cleanups may schedule work, after which Node exits normally by itself.
  const onBeforeExit = (): void => void shutdown('beforeExit');
  events.on('SIGINT', onSigint);
  events.on('SIGTERM', onSigterm);
  events.on('beforeExit', onBeforeExit);

  return {
    add(name, cleanup) {
      const entry = { name, cleanup };
      cleanups.push(entry);
      return () => {
        const i = cleanups.indexOf(entry);
        if (i >= 0) cleanups.splice(i, 1);
      };
    },
    shutdown,
    dispose() {
      events.off('SIGINT', onSigint);
      events.off('SIGTERM', onSigterm);
      events.off('beforeExit', onBeforeExit);
    },
  };
}

let defaultGuard: ProcessGuard | undefined;

/** Register a cleanup on the process-wide guard (created on first use). Returns an unregister function. */
export function onShutdown(name: string, cleanup: Cleanup): () => void {
  defaultGuard ??= createProcessGuard();
  return defaultGuard.add(name, cleanup);
}

/** Trigger the process-wide cleanups yourself (e.g. on a fatal startup error), then exit as you see fit. */
export function shutdownNow(reason: string): Promise<void> {
  defaultGuard ??= createProcessGuard();
  return defaultGuard.shutdown(reason);
}
