// `npm start`: the app on this machine, no Azure account needed. Prints one line starting with "ready" once it serves.
import { startLocalStack } from './localStack.js';
import { consoleLog, onShutdown, shutdownNow } from './host/index.js';
import { parseLocalSettings, type LocalSettings } from './localSettings.js';

const started = Date.now();
let local: LocalSettings;
try {
  local = parseLocalSettings();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
}

try {
  const stack = await startLocalStack({
    port: local.port,
    estate: local.estate,
    ...(local.scenario ? { scenario: local.scenario } : {}),
    latencyMs: local.latencyMs,
    // Emulator chatter (Azurite start-up lines) only when asked for.
    log: local.verbose
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
