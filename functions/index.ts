// App-level setup, loaded with the functions (package.json "main" globs dist/functions/*.js).
// Settings are validated when the worker starts, so a bad deployment fails loudly at start with the setting's
// name rather than on the first timer tick at night: every setting is parsed, and every feature that is on
// (FEATURES_OFF switches them off) must have the settings it needs (shared/config/features.ts).
import { app } from '@azure/functions';
import { assertFeaturesReady } from '../shared/config/featureNeeds.js';
import { parseConfig } from '../shared/config/index.js';

app.hook.appStart(() => {
  const config = parseConfig();
  const warnings = assertFeaturesReady(config);
  for (const warning of [...config.warnings, ...warnings]) console.warn(warning);
  if (config.features.off.size > 0) console.info(`features switched off (FEATURES_OFF): ${[...config.features.off].join(', ')}`);
});
