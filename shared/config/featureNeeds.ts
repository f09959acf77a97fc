// What each feature needs beyond the core settings, checked when the worker starts (functions/index.ts): a deployment
// missing, say, the Event Grid topic refuses to start naming it instead of failing every timer tick at night.
import { ConfigError, type AppConfig } from './index.js';
import type { Feature } from './features.js';

/** One thing a feature needs, satisfied by any of `settings`. */
interface Need {
  /** The setting the message names first (the one to set in Azure). */
  readonly setting: string;
  /** Every setting that can satisfy it: an unresolved Key Vault reference among them is a warning, not a refusal. */
  readonly settings: readonly string[];
  /** undefined when satisfied; otherwise what is wrong, e.g. "required" or "set one of them, not both". */
  readonly problem: (c: AppConfig) => string | undefined;
  readonly why: string;
}

const state: Need = {
  setting: 'STATE_BLOB_SERVICE_URL',
  settings: ['STATE_BLOB_SERVICE_URL', 'STATE_STORAGE_CONNECTION_STRING'],
  problem: ({ monitor: { state: s } }) =>
    s.serviceUrl && s.connectionString
      ? 'set STATE_BLOB_SERVICE_URL or STATE_STORAGE_CONNECTION_STRING, not both'
      : s.serviceUrl || s.connectionString
        ? undefined
        : 'required (https://<account>.blob.core.windows.net; locally STATE_STORAGE_CONNECTION_STRING instead)',
  why: 'they keep their state in blob storage',
};
const topic: Need = {
  setting: 'EVENTGRID_TOPIC_ENDPOINT',
  settings: ['EVENTGRID_TOPIC_ENDPOINT'],
  problem: (c) => (c.eventGridTopicEndpoint ? undefined : 'required (https://<topic>.<region>-1.eventgrid.azure.net/api/events)'),
  why: 'they publish their events to the Event Grid topic',
};
const workspace: Need = {
  setting: 'LOG_ANALYTICS_WORKSPACE_ID',
  settings: ['LOG_ANALYTICS_WORKSPACE_ID'],
  problem: (c) => (c.logAnalytics.workspaceId ? undefined : 'required (the workspace GUID receiving the backup vault diagnostics)'),
  why: 'it queries AddonAzureBackupJobs in that workspace',
};
const sender: Need = {
  setting: 'TEAMS_WEBHOOK_URL',
  settings: ['TEAMS_WEBHOOK_URL', 'ACS_EMAIL_ENDPOINT', 'NOTIFY_EMAIL_TO'],
  problem: (c) =>
    c.notify.teams.webhook || c.notify.email ? undefined : 'required, or ACS_EMAIL_ENDPOINT with NOTIFY_EMAIL_TO instead (a sender)',
  why: 'incidents are announced in Teams or by email',
};

/** What each feature needs beyond the core settings, in the order the messages name them. */
export const FEATURE_NEEDS: Readonly<Record<Feature, readonly Need[]>> = {
  'rpo-timer': [state, topic],
  'job-watch': [state, topic],
  'job-logs': [workspace, state, topic],
  'alert-ingest': [topic],
  remediation: [state, topic],
  notifications: [state, sender],
};

/**
 * Every need of every feature that is on, one problem per setting naming the features that need it (and how to
 * switch them off), plus warnings for needs that wait on an unresolved Key Vault reference: the secret is often set
 * after the first deployment, and the rest of the app should run meanwhile.
 */
export function checkFeatures(config: AppConfig): { problems: string[]; warnings: string[] } {
  const bySetting = new Map<string, { need: Need; text: string; features: Feature[] }>();
  for (const feature of config.features.on) {
    for (const need of FEATURE_NEEDS[feature]) {
      const text = need.problem(config);
      if (text === undefined) continue;
      const entry = bySetting.get(need.setting) ?? { need, text, features: [] };
      entry.features.push(feature);
      bySetting.set(need.setting, entry);
    }
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const { need, text, features } of bySetting.values()) {
    const pending = need.settings.filter((s) => config.unresolved.includes(s));
    const list = features.join(', ');
    if (pending.length > 0) {
      warnings.push(`${list}: waiting for ${pending.join(', ')} (Key Vault reference not resolved yet); ${need.why}`);
      continue;
    }
    problems.push(
      `${need.setting}: ${text}; needed by ${list} (${need.why}) — set it, or switch them off with FEATURES_OFF=${features.join(',')}`,
    );
  }
  return { problems, warnings };
}

/**
 * The start-up check (app.hook.appStart): every feature that is on has what it needs. Throws a ConfigError naming
 * each missing or conflicting setting; returns warnings for needs that wait on a Key Vault reference.
 */
export function assertFeaturesReady(config: AppConfig): readonly string[] {
  const { problems, warnings } = checkFeatures(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return warnings;
}
