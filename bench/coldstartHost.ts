// The cold instance behind `npm run bench:coldstart`'s first_rpo_ms, started fresh by the bench: what the Functions
// worker does before it can answer — import every function entry (package.json "main"), run the appStart hooks — and
// then serve HTTP. Nothing else: no emulator and no estate in this process (the settings point at the bench's), so
// the time to the first answer is the app's, not the local stack's.
import { captureRegistrations, loadFunctions, readPackageMain, startLocalHost, type LogEntry } from '../sandbox/host/index.js';

const quiet = (entry: LogEntry): void => {
  if (entry.level === 'error' || entry.level === 'critical') console.error(entry.message);
};
const root = process.cwd();
const registry = captureRegistrations({ log: quiet });
try {
  await loadFunctions({ registry, modules: readPackageMain(root), baseDir: root, log: quiet });
} finally {
  registry.stopCapture();
}
const host = await startLocalHost({ registry, port: 0, timers: 'manual', log: quiet });
console.log(`ready ${host.url}`);
