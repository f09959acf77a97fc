// The whole app on one machine: simulated Azure estate + Azurite + the local Functions host, wired the way Azure
// would wire them (endpoint settings, a CA to trust, Event Grid subscriptions to the Event Grid-triggered functions).
// Used by `npm start` (start.ts), by the end-to-end tests and by the benchmarks.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureHost } from '../shared/composition.js';
import { parseConfig, settingProblem, type AppConfig } from '../shared/config/index.js';
import { redactUrl } from '../shared/domain/notify/redact.js';
import { DEFAULT_RPO_CHECK_SCHEDULE } from '../shared/config/monitor.js';
import { DEFAULT_OUTBOX_SCHEDULE, DEFAULT_TEAMS_HOSTS } from '../shared/config/notify.js';
import { DEFAULT_JOB_LOGS_SCHEDULE, DEFAULT_JOB_WATCH_SCHEDULE, DEFAULT_RERUN_FOLLOW_SCHEDULE } from '../shared/config/remediation.js';
import { seedBlobSources } from './blobSeed.js';
import { startEstate, type Estate, type StartEstateOptions } from './estate/index.js';
import {
  captureRegistrations,
  consoleLog,
  loadFunctions,
  readPackageMain,
  startAzurite,
  startLocalHost,
  type AzuriteInstance,
  type LocalHost,
  type LogSink,
} from './host/index.js';

export interface LocalStackOptions {
  /** Local host port (default 7071; 0 = random). */
  readonly port?: number;
  /** Run the simulated estate (default true); false uses the endpoints already in the settings. */
  readonly estate?: boolean;
  readonly scenario?: StartEstateOptions['scenario'];
  readonly latencyMs?: number;
  readonly throttle?: boolean;
  /** 'manual' keeps timers still (tests run them through the admin API); default 'schedule'. */
  readonly timers?: 'schedule' | 'manual';
  /** Settings to apply on top of process.env (tests use this rather than mutating the environment by hand). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly log?: LogSink;
}

export interface LocalStack {
  readonly url: string;
  readonly estate: Estate | undefined;
  readonly azurite: AzuriteInstance;
  readonly host: LocalHost;
  readonly config: AppConfig;
  close(): Promise<void>;
}

const here = fileURLToPath(import.meta.url);
/** Under vitest this file runs from sources (.ts); under npm start from dist (.js). */
const fromSources = here.endsWith('.ts');
const projectRoot = fromSources ? join(dirname(here), '..') : join(dirname(here), '..', '..');

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? consoleLog;
  const cleanups: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    loadLocalSettings(join(projectRoot, 'local.settings.json'));
    Object.assign(process.env, options.settings ?? {});

    let estate: Estate | undefined;
    if (options.estate ?? true) {
      estate = await startEstate({
        ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
        latencyMs: options.latencyMs ?? 0,
        throttle: options.throttle ?? true,
      });
      const started = estate;
      cleanups.push(() => started.close());
      const caDir = mkdtempSync(join(tmpdir(), 'autopilot-estate-'));
      cleanups.push(() => Promise.resolve(rmSync(caDir, { recursive: true, force: true })));
      writeFileSync(join(caDir, 'ca.pem'), estate.ca);
      // The estate's endpoints win over anything configured: local mode must never talk to real Azure by accident.
      // Each setting replaced that way is named, with what it hid: a value that silently stops mattering (or that
      // was wrong all along) is how a local test passes and the deployment fails.
      for (const [name, value] of Object.entries(estateSettings(estate, join(caDir, 'ca.pem')))) {
        if (options.settings?.[name] !== undefined) continue;
        const line = overrideLine(name, value);
        if (line) log({ time: new Date().toISOString(), level: 'warning', category: 'host', message: line });
        setOurs(name, value);
      }
      Object.assign(process.env, options.settings ?? {});
      configureHost({ clock: { now: () => started.model.clock.now() } });
    }

    const azurite = await startAzurite({
      log: (line) => log({ time: new Date().toISOString(), level: 'debug', category: 'host', message: `azurite: ${line}` }),
    });
    cleanups.push(() => azurite.stop());
    process.env.AzureWebJobsStorage = azurite.connectionString;
    await localMonitorSettings(azurite, estate);

    // Fail fast, naming the setting, before anything is loaded. The functions' appStart hook (run by the local host,
    // as by the worker) then checks that every feature that is on has what it needs, and prints the warnings.
    const config = parseConfig();

    const registry = captureRegistrations({ log });
    try {
      await loadFunctions({
        registry,
        modules: fromSources ? ['functions/*.ts'] : readPackageMain(projectRoot),
        baseDir: projectRoot,
        log,
      });
    } finally {
      registry.stopCapture();
    }
    const host = await startLocalHost({ registry, port: options.port ?? 7071, log, timers: options.timers ?? 'schedule' });
    cleanups.push(() => host.close());

    if (estate) {
      // As Event Grid subscriptions in Azure would: the topic delivers to each Event Grid-triggered function.
      for (const name of registry.eventGrid.keys()) {
        estate.control.eventGrid.subscribe({
          name,
          endpoint: `${host.url}/runtime/webhooks/eventgrid?functionName=${encodeURIComponent(name)}`,
        });
      }
    }
    return { url: host.url, estate, azurite, host, config, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Values this module put into process.env, so that a second stack in the same process replaces them. */
const ours = new Map<string, string>();
const unset = (name: string): boolean => !process.env[name] || process.env[name] === ours.get(name);
const setOurs = (name: string, value: string): void => {
  process.env[name] = value;
  ours.set(name, value);
};

/**
 * The monitor's settings in local mode, each only when not configured: state in Azurite; the timer schedule the
 * host resolves from %RPO_CHECK_SCHEDULE% (as local.settings.json would supply it); and, with the estate, blob
 * sources seeded into Azurite (never with LOCAL_ESTATE=off: they would publish made-up events to a real topic).
 */
async function localMonitorSettings(azurite: AzuriteInstance, estate: Estate | undefined): Promise<void> {
  if (unset('STATE_STORAGE_CONNECTION_STRING') && !process.env.STATE_BLOB_SERVICE_URL) {
    setOurs('STATE_STORAGE_CONNECTION_STRING', azurite.connectionString);
  }
  if (unset('RPO_CHECK_SCHEDULE')) setOurs('RPO_CHECK_SCHEDULE', DEFAULT_RPO_CHECK_SCHEDULE);
  // Locally the estate changes under your hands (clock moves, injected faults): answer each /api/rpo afresh;
  // concurrent identical requests still share one check.
  if (unset('RPO_HTTP_CACHE_SECONDS')) setOurs('RPO_HTTP_CACHE_SECONDS', '0');
  if (unset('NOTIFY_OUTBOX_SCHEDULE')) setOurs('NOTIFY_OUTBOX_SCHEDULE', DEFAULT_OUTBOX_SCHEDULE);
  if (estate) {
    // Email to the estate's ACS sink: a sender and a recipient so the demo shows emails without any configuration.
    if (unset('NOTIFY_EMAIL_SENDER')) setOurs('NOTIFY_EMAIL_SENDER', 'DoNotReply@autopilot.estate.azurecomm.net');
    if (unset('NOTIFY_EMAIL_TO')) setOurs('NOTIFY_EMAIL_TO', 'backup-oncall@contoso.example');
  }
  // Detection and remediation timers bind %JOB_WATCH_SCHEDULE% etc. the same way.
  if (unset('JOB_WATCH_SCHEDULE')) setOurs('JOB_WATCH_SCHEDULE', DEFAULT_JOB_WATCH_SCHEDULE);
  if (unset('JOB_LOGS_SCHEDULE')) setOurs('JOB_LOGS_SCHEDULE', DEFAULT_JOB_LOGS_SCHEDULE);
  if (unset('RERUN_FOLLOW_SCHEDULE')) setOurs('RERUN_FOLLOW_SCHEDULE', DEFAULT_RERUN_FOLLOW_SCHEDULE);
  if (estate && unset('RPO_BLOB_SOURCES')) {
    setOurs('RPO_BLOB_SOURCES', await seedBlobSources(azurite.connectionString, estate.model.clock.now()));
  }
}

/** "local mode: X overrides your value …", or undefined when the setting was unset or already ours. */
function overrideLine(name: string, value: string): string | undefined {
  const before = process.env[name];
  if (!before || before.trim() === '' || before === ours.get(name) || before === value) return undefined;
  // The webhook URL is a secret: its host only.
  const shown = name === 'TEAMS_WEBHOOK_URL' ? redactUrl(before) : before.length > 120 ? `${before.slice(0, 119)}…` : before;
  const problem = settingProblem(name, before);
  return (
    `local mode: ${name} is set to the simulated estate's value; yours ("${shown}") is ignored` +
    `${problem ? ` and is not valid either (${problem})` : ''} — LOCAL_ESTATE=off uses it`
  );
}

function estateSettings(estate: Estate, caFile: string): Record<string, string> {
  return {
    AZURE_AUTH_MODE: 'localDev',
    AZURE_SUBSCRIPTION_IDS: estate.model.subscriptions.map((s) => s.id).join(','),
    ARM_ENDPOINT: estate.endpoints.resourceManager,
    LOG_ANALYTICS_ENDPOINT: estate.endpoints.logAnalytics,
    LOG_ANALYTICS_WORKSPACE_ID: estate.model.settings.workspaceId,
    EVENTGRID_TOPIC_ENDPOINT: estate.endpoints.eventGridTopic,
    TEAMS_WEBHOOK_URL: estate.endpoints.teamsWebhook,
    // The estate's Teams sink is on loopback: allowed here, and only here, next to the Microsoft workflow hosts.
    TEAMS_WEBHOOK_ALLOWED_HOSTS: `${DEFAULT_TEAMS_HOSTS},${new URL(estate.endpoints.teamsWebhook).hostname}`,
    // EmailClient refuses an endpoint with a path; the estate answers ACS email at its origin too.
    ACS_EMAIL_ENDPOINT: estate.url,
    EXTRA_CA_CERT_FILE: caFile,
    // The estate answers Retry-After itself; short base delays keep local retries snappy.
    HTTP_RETRY_DELAY_MS: process.env.HTTP_RETRY_DELAY_MS ?? '50',
  };
}

/** Like `func start`: Values from local.settings.json fill settings the environment does not already set. */
function loadLocalSettings(file: string): void {
  if (!existsSync(file)) return;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, unknown> };
  for (const [key, value] of Object.entries(parsed.Values ?? {})) {
    if (process.env[key] === undefined && typeof value === 'string' && value !== '') process.env[key] = value;
  }
}
