// Every setting the app reads, parsed once and validated. A bad or missing setting stops the app at start with
// the setting's name, instead of failing at 3 a.m. inside some call. Every Azure endpoint is a setting so the same
// build runs against Azure, a sovereign cloud, the built-in simulated estate or any ARM-compatible endpoint.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { featuresSection, featuresShape } from './features.js';
import { endpointProblems } from './endpoints.js';
import { csv, GUID, int, url } from './fields.js';
import { monitorSection, monitorShape } from './monitor.js';
import { notifySection, notifyShape } from './notify.js';
import { remediationSection, remediationShape } from './remediation.js';
import { rpoSection, rpoShape } from './rpo.js';

/** The settings, by the environment variable (app setting) that carries each one. */
const schema = z.object({
  AZURE_SUBSCRIPTION_IDS: csv.refine((ids) => ids.length > 0 && ids.every((id) => GUID.test(id)), {
    message: 'must list one or more subscription GUIDs, comma-separated',
  }),
  AZURE_AUTH_MODE: z.enum(['default', 'managedIdentity', 'localDev']).default('default'),
  AZURE_CLIENT_ID: z.string().trim().optional(),
  ARM_ENDPOINT: url('ARM_ENDPOINT').default('https://management.azure.com'),
  ARM_AUDIENCE: z.string().trim().default('https://management.azure.com'),
  LOG_ANALYTICS_ENDPOINT: url('LOG_ANALYTICS_ENDPOINT').default('https://api.loganalytics.io/v1'),
  LOG_ANALYTICS_AUDIENCE: z.string().trim().default('https://api.loganalytics.io'),
  LOG_ANALYTICS_WORKSPACE_ID: z.string().trim().regex(GUID, 'must be the workspace (customer) GUID').optional(),
  EVENTGRID_TOPIC_ENDPOINT: url('EVENTGRID_TOPIC_ENDPOINT').optional(),
  TEAMS_WEBHOOK_URL: url('TEAMS_WEBHOOK_URL').optional(),
  ACS_EMAIL_ENDPOINT: url('ACS_EMAIL_ENDPOINT').optional(),
  EXTRA_CA_CERT_FILE: z.string().trim().optional(),
  // POST /api/alerts as a secure webhook (shared/http/alertAuth.ts): both set together, or neither (function key).
  ALERT_AUTH_AUDIENCE: z
    .string()
    .trim()
    .regex(/^(api:\/\/|https:\/\/)[^\s]+$/, 'must be the Application ID URI of the app registration (api://… or https://…)')
    .optional(),
  ALERT_AUTH_TENANT_ID: z.string().trim().regex(GUID, 'must be the tenant GUID').optional(),
  DATAPROTECTION_API_VERSION: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'must look like 2026-03-01')
    .default('2026-03-01'),
  HTTP_MAX_RETRIES: int(4, 0, 10),
  HTTP_RETRY_DELAY_MS: int(800, 0, 60_000),
  HTTP_TIMEOUT_MS: int(30_000, 100, 600_000),
  ARM_CONCURRENCY: int(8, 1, 64),
  // Feature sections live in shared/config/<feature>.ts, so each feature owns its settings.
  ...rpoShape,
  ...monitorShape,
  ...remediationShape,
  ...notifyShape,
  ...featuresShape,
});

type Raw = z.output<typeof schema>;

export interface AppConfig {
  readonly subscriptionIds: readonly string[];
  readonly auth: { readonly mode: Raw['AZURE_AUTH_MODE']; readonly clientId: string | undefined };
  readonly arm: { readonly endpoint: string; readonly scope: string; readonly dataProtectionApiVersion: string };
  readonly logAnalytics: { readonly endpoint: string; readonly scope: string; readonly workspaceId: string | undefined };
  readonly eventGridTopicEndpoint: string | undefined;
  readonly acsEmailEndpoint: string | undefined;
  /** Entra check of POST /api/alerts; undefined = the route keeps its per-function key. */
  readonly alertAuth: { readonly audience: string; readonly tenantId: string } | undefined;
  /**
   * Extra CA certificate (PEM) trusted next to Node's default roots, for the Azure endpoints (ARM, Log Analytics,
   * Event Grid, Storage: the simulated estate, a TLS-inspecting proxy), and for Teams and ACS only on loopback.
   */
  readonly extraCaPem: string | undefined;
  readonly http: { readonly maxRetries: number; readonly retryDelayMs: number; readonly timeoutMs: number; readonly concurrency: number };
  readonly rpo: ReturnType<typeof rpoSection>;
  readonly monitor: ReturnType<typeof monitorSection>;
  readonly remediation: ReturnType<typeof remediationSection>;
  readonly notify: ReturnType<typeof notifySection>;
  /** Features switched off (FEATURES_OFF) and on; what the ones that are on need is checked at start (config/features.ts). */
  readonly features: ReturnType<typeof featuresSection>;
  /** Settings whose Key Vault reference did not resolve (treated as absent; named in `warnings`). */
  readonly unresolved: readonly string[];
  /** Settings that were ignored, with why (e.g. an unresolved Key Vault reference); the host logs them at start. */
  readonly warnings: readonly string[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid app settings:\n  - ${problems.join('\n  - ')}`);
  }
}

const scopeOf = (audience: string): string => `${audience.replace(/\/+$/, '')}/.default`;

/** Parse settings from an environment (default process.env). Throws ConfigError naming every bad setting. */
export function parseConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  const warnings: string[] = [];
  const unresolved: string[] = [];
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, v]) => {
      if (v === undefined || v.trim() === '') return false;
      // App Service leaves the literal reference in place when it cannot resolve it (secret not set yet, no access).
      // Treat the setting as absent so the rest of the app runs, and say so loudly.
      if (v.trim().startsWith('@Microsoft.KeyVault(')) {
        unresolved.push(name);
        warnings.push(
          `${name}: its Key Vault reference did not resolve (secret missing or no access); the setting is ignored until it does`,
        );
        return false;
      }
      return true;
    }),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`));
  }
  const s = parsed.data;
  const problems = endpointProblems(s, present);
  if (Boolean(s.ALERT_AUTH_AUDIENCE) !== Boolean(s.ALERT_AUTH_TENANT_ID)) {
    const [set, missing] = s.ALERT_AUTH_AUDIENCE
      ? ['ALERT_AUTH_AUDIENCE', 'ALERT_AUTH_TENANT_ID']
      : ['ALERT_AUTH_TENANT_ID', 'ALERT_AUTH_AUDIENCE'];
    problems.push(`${set}: needs ${missing} too (both or neither)`);
  }
  // Every section's problems together with the cross-setting ones: one start names everything that is wrong.
  const section = <T>(read: () => T): T => {
    try {
      return read();
    } catch (e) {
      const listed = (e as { name?: unknown; problems?: unknown }).problems;
      if ((e as Error).name !== 'ConfigError' || !Array.isArray(listed)) throw e;
      problems.push(...(listed as string[]));
      return undefined as T;
    }
  };
  const sections = {
    rpo: section(() => rpoSection(s)),
    monitor: section(() => monitorSection(s)),
    remediation: section(() => remediationSection(s)),
    notify: section(() => notifySection(s)),
    features: section(() => featuresSection(s)),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  let extraCaPem: string | undefined;
  if (s.EXTRA_CA_CERT_FILE) {
    try {
      extraCaPem = readFileSync(s.EXTRA_CA_CERT_FILE, 'utf8');
    } catch (e) {
      throw new ConfigError([`EXTRA_CA_CERT_FILE: cannot read ${s.EXTRA_CA_CERT_FILE} (${(e as Error).message})`]);
    }
    if (!extraCaPem.includes('BEGIN CERTIFICATE')) throw new ConfigError(['EXTRA_CA_CERT_FILE: file is not a PEM certificate']);
  }
  return Object.freeze({
    subscriptionIds: s.AZURE_SUBSCRIPTION_IDS,
    auth: { mode: s.AZURE_AUTH_MODE, clientId: s.AZURE_CLIENT_ID },
    arm: {
      endpoint: s.ARM_ENDPOINT.replace(/\/+$/, ''),
      scope: scopeOf(s.ARM_AUDIENCE),
      dataProtectionApiVersion: s.DATAPROTECTION_API_VERSION,
    },
    logAnalytics: {
      endpoint: s.LOG_ANALYTICS_ENDPOINT.replace(/\/+$/, ''),
      scope: scopeOf(s.LOG_ANALYTICS_AUDIENCE),
      workspaceId: s.LOG_ANALYTICS_WORKSPACE_ID,
    },
    eventGridTopicEndpoint: s.EVENTGRID_TOPIC_ENDPOINT,
    acsEmailEndpoint: s.ACS_EMAIL_ENDPOINT,
    alertAuth:
      s.ALERT_AUTH_AUDIENCE && s.ALERT_AUTH_TENANT_ID ? { audience: s.ALERT_AUTH_AUDIENCE, tenantId: s.ALERT_AUTH_TENANT_ID } : undefined,
    extraCaPem,
    http: {
      maxRetries: s.HTTP_MAX_RETRIES,
      retryDelayMs: s.HTTP_RETRY_DELAY_MS,
      timeoutMs: s.HTTP_TIMEOUT_MS,
      concurrency: s.ARM_CONCURRENCY,
    },
    ...sections,
    unresolved,
    warnings,
  });
}

/** What is wrong with one setting's value on its own (undefined when it parses), e.g. to say what an override hid. */
export function settingProblem(name: string, value: string): string | undefined {
  const field = (schema.shape as Record<string, z.ZodType | undefined>)[name];
  const parsed = field?.safeParse(value);
  return parsed && !parsed.success ? parsed.error.issues.map((i) => i.message).join('; ') : undefined;
}

/** Names of every setting this module reads (the infra parity test compares them with Bicep and the sample file). */
export const SETTING_NAMES: readonly string[] = Object.keys(schema.shape);
