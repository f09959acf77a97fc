// Public API of the local Functions host (what sandbox/start.ts and tests use).
export { captureRegistrations, triggerKindOf, type FunctionRegistry, type TriggerKind } from './registry.js';
export { loadFunctions, readPackageMain, resolveModules, type LoadFunctionsOptions } from './loadFunctions.js';
export { startLocalHost, type LocalHost, type LocalHostOptions } from './localHost.js';
export {
  AZURITE_ACCOUNT_KEY,
  AZURITE_ACCOUNT_NAME,
  azuriteCommand,
  startAzurite,
  type AzuriteInstance,
  type AzuriteOptions,
} from './azurite.js';
export { createProcessGuard, onShutdown, shutdownNow, type Cleanup, type ProcessGuard, type ProcessGuardOptions } from './processGuard.js';
export { consoleLog, formatLogLine, type LogEntry, type LogLevel, type LogSink } from './log.js';
export { parseSchedule, resolveAppSettings } from './timers.js';
