// App-level setup, loaded with the functions (package.json "main" globs dist/functions/*.js).
// Settings are validated when the worker starts, so a bad deployment fails loudly at start with the setting's
// name rather than on the first timer tick at night.
import { app } from '@azure/functions';
import { parseConfig } from '../shared/config.js';

app.hook.appStart(() => {
  for (const warning of parseConfig().warnings) console.warn(warning);
});
