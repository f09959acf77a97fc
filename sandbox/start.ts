// `npm start`: the app on this machine, no Azure account needed. Prints one line starting with "ready" once it serves.
import { startLocalStack } from './localStack.js';
import { consoleLog, onShutdown, shutdownNow } from './host/index.js';

const started = Date.now();
const estateOn = (process.env.LOCAL_ESTATE ?? 'on').toLowerCase() !== 'off';
const port = Number(process.env.LOCAL_PORT ?? 7071);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`LOCAL_PORT: "${process.env.LOCAL_PORT}" is not a port number`);
  process.exit(2);
}

try {
  const stack = await startLocalStack({
    port,
    estate: estateOn,
    ...(process.env.LOCAL_SCENARIO ? { scenario: process.env.LOCAL_SCENARIO } : {}),
    latencyMs: Number(process.env.LOCAL_LATENCY_MS ?? 0),
    // Emulator chatter (Azurite start-up lines) only when asked for.
    log:
      process.env.LOCAL_VERBOSE === '1'
        ? consoleLog
        : (entry) => {
            if (entry.level !== 'debug') consoleLog(entry);
          },
  });
  onShutdown('local stack', () => stack.close());
  const estate = stack.estate ? ` estate=${stack.estate.url}/_estate/scenario sinks=${stack.estate.url}/_estate/sinks` : ' estate=off';
  console.log(`ready ${stack.url} (GET ${stack.url}/api/rpo)${estate} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  await shutdownNow('start failed');
  process.exit(1);
}
