// App-level setup, loaded with the functions (package.json "main" globs dist/functions/*.js).
// Settings are validated when the worker starts, so a bad deployment fails loudly at start with the setting's
// name rather than on the first timer tick at night.
import { app } from '@azure/functions';
import { resolveStateLocation } from '../shared/adapters/stateStore.js';
import { parseConfig } from '../shared/config.js';

app.hook.appStart(() => {
  const config = parseConfig();
  // The RPO timer runs in every deployment and keeps its history in blob state: a missing location is fatal.
  resolveStateLocation(config.monitor.state);
  for (const warning of config.warnings) console.warn(warning);
});
