// Settings parity: every setting shared/config.ts reads is set by the Bicep (or deliberately left to the code's
// default, with a reason) and listed in local.settings.sample.json; nothing stale is left in either; nothing the
// Flex Consumption plan rejects is set.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../shared/config.js';
import { bodyObject, objectKeys, property, propertyKey, topLevel, variableValue, type ParsedBicep } from '../../infra/check/bicepCheck.js';
import { parseInfra, readJson, repoRoot } from './support.js';

/** Settings the Functions host owns (not read by shared/config.ts). */
const HOST_OWNED = [/^AzureWebJobsStorage(__\w+)?$/, /^APPLICATIONINSIGHTS_[A-Z_]+$/];
/** Only for Core Tools locally (azure-functions-core-tools #4645); Flex rejects it. */
const SAMPLE_ONLY = ['FUNCTIONS_WORKER_RUNTIME'];
/** Rejected or ignored on Flex Consumption (Learn: Flex Consumption plan deprecations). */
const FLEX_REJECTS = [
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_EXTENSION_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_CONTENTSHARE',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'ENABLE_ORYX_BUILD',
  'AzureWebJobsStorage', // a connection string: shared keys are off, identity-based __* settings instead
];

const isHostOwned = (name: string) => HOST_OWNED.some((re) => re.test(name));

function objectVar(file: ParsedBicep, name: string) {
  const value = variableValue(file, name);
  if (value?.type !== 'object') throw new Error(`${file.path}: var ${name} is not an object literal`);
  return value;
}

const main = await parseInfra('main.bicep');
const functionApp = await parseInfra('app/function-app.bicep');
const appSettings = objectVar(main, 'appSettings');
const setInBicep = objectKeys(appSettings);
const hostSettings = objectKeys(objectVar(functionApp, 'hostSettings'));
const defaulted = Object.keys(readJson<{ settings: Record<string, string> }>('infra/app-settings-defaulted.json').settings);
const sample = Object.keys(readJson<{ Values: Record<string, string> }>('local.settings.sample.json').Values);
const valueOf = (name: string) => {
  const prop = appSettings.namedChildren.find((p) => p.type === 'object_property' && propertyKey(p) === name);
  return prop?.namedChildren.at(-1)?.text ?? '';
};

describe('app settings in Bicep', () => {
  it('covers every setting the code reads (set, or deliberately defaulted with a reason)', () => {
    expect(SETTING_NAMES.length).toBeGreaterThan(0);
    const covered = new Set([...setInBicep, ...defaulted]);
    expect(SETTING_NAMES.filter((n) => !covered.has(n))).toEqual([]);
  });

  it('never both sets and defaults a setting', () => {
    expect(setInBicep.filter((n) => defaulted.includes(n))).toEqual([]);
  });

  it('sets nothing the code does not read', () => {
    expect(setInBicep.filter((n) => !SETTING_NAMES.includes(n))).toEqual([]);
    expect(defaulted.filter((n) => !SETTING_NAMES.includes(n))).toEqual([]);
  });

  it('adds only host-owned settings in the Function App module, identity-based', () => {
    expect(hostSettings.filter((n) => !isHostOwned(n))).toEqual([]);
    expect(hostSettings).toEqual(
      expect.arrayContaining([
        'AzureWebJobsStorage__accountName',
        'AzureWebJobsStorage__credential',
        'AzureWebJobsStorage__clientId',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
      ]),
    );
  });

  it('sets nothing Flex Consumption rejects, and no runtime outside functionAppConfig', () => {
    const all = [...setInBicep, ...hostSettings];
    expect(all.filter((n) => FLEX_REJECTS.includes(n))).toEqual([]);
    expect(functionApp.source).not.toMatch(/linuxFxVersion|FUNCTIONS_WORKER_RUNTIME:|WEBSITE_RUN_FROM_PACKAGE:/);
  });

  it('hands both sets to the site: host settings, then the app settings with the operator overrides last', () => {
    const site = topLevel(functionApp, 'resource_declaration').find((r) => r.namedChildren[0]?.text === 'site');
    const settings = site && bodyObject(site)?.namedChildren.find((p) => p.namedChildren[0]?.type === 'resource_declaration');
    const settingsBody = settings?.namedChildren[0] ? bodyObject(settings.namedChildren[0]) : undefined;
    expect(property(settingsBody, 'name')?.text).toBe("'appsettings'");
    expect(property(settingsBody, 'properties')?.text).toBe('union(hostSettings, appSettings)');
    const module = topLevel(main, 'module_declaration').find((m) => m.namedChildren[0]?.text === 'functionApp');
    expect(property(property(module && bodyObject(module), 'params'), 'appSettings')?.text).toBe('union(appSettings, appSettingOverrides)');
  });

  it.each([
    ['AZURE_AUTH_MODE', "'managedIdentity'"],
    ['AZURE_CLIENT_ID', 'identity.outputs.clientId'],
    ['AZURE_SUBSCRIPTION_IDS', "join(watched, ',')"],
    ['ARM_ENDPOINT', 'armEndpoint'],
    ['ARM_AUDIENCE', 'armEndpoint'],
    ['LOG_ANALYTICS_WORKSPACE_ID', 'monitoring.outputs.workspaceCustomerId'],
    ['EVENTGRID_TOPIC_ENDPOINT', 'topic.outputs.endpoint'],
    ['TEAMS_WEBHOOK_URL', 'keyVault.outputs.teamsWebhookReference'],
    ['STATE_BLOB_SERVICE_URL', 'storage.outputs.blobEndpoint'],
    ['STATE_CONTAINER', 'containers.state'],
    ['RPO_CHECK_SCHEDULE', 'rpoCheckSchedule'],
  ])('wires %s to the deployed resources (%s)', (name, expression) => {
    expect(valueOf(name)).toBe(expression);
  });

  it('sets every setting a trigger binds as %NAME% (the host cannot index the function without it)', () => {
    const bound = new Set<string>();
    for (const file of readdirSync(join(repoRoot, 'functions')).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(repoRoot, 'functions', file), 'utf8').matchAll(/'%([A-Za-z0-9_]+)%'/g)) bound.add(m[1] ?? '');
    }
    expect([...bound].filter((n) => !setInBicep.includes(n))).toEqual([]);
  });

  it('derives ARM_ENDPOINT from the cloud the template is deployed to, without the trailing slash', () => {
    const arm = variableValue(main, 'armEndpoint')?.text ?? '';
    expect(arm).toContain('environment().resourceManager');
    expect(arm).toMatch(/endsWith\(environment\(\)\.resourceManager, '\/'\)/);
  });

  it('sets ACS_EMAIL_ENDPOINT only when email is deployed', () => {
    expect(valueOf('ACS_EMAIL_ENDPOINT')).toBe("deployEmail ? email!.outputs.endpoint : ''");
  });

  it('refers to TEAMS_WEBHOOK_URL through a versionless Key Vault reference, never a value', async () => {
    const keyVault = await parseInfra('app/key-vault.bicep');
    const output = topLevel(keyVault, 'output_declaration').find((o) => o.namedChildren[0]?.text === 'teamsWebhookReference');
    expect(output?.namedChildren.at(-1)?.text).toBe(
      "'@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${teamsWebhookSecretName})'",
    );
    expect(topLevel(keyVault, 'resource_declaration').map((r) => r.namedChildren[1]?.text)).not.toContain(
      "'Microsoft.KeyVault/vaults/secrets@2024-11-01'",
    );
  });
});

describe('local.settings.sample.json', () => {
  it('lists every setting the code reads', () => {
    expect(SETTING_NAMES.filter((n) => !sample.includes(n))).toEqual([]);
  });

  it('lists nothing stale (only code settings, host-owned ones and FUNCTIONS_WORKER_RUNTIME)', () => {
    const stale = sample.filter((n) => !SETTING_NAMES.includes(n) && !isHostOwned(n) && !SAMPLE_ONLY.includes(n));
    expect(stale).toEqual([]);
  });
});

describe('Event Grid wiring', () => {
  // Every app.eventGrid function needs an Event Grid subscription, or it never receives an event in Azure; and a
  // subscription to a function that does not exist fails the second provisioning pass.
  const registered = readdirSync(join(repoRoot, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(join(repoRoot, 'functions', f), 'utf8').matchAll(/app\.eventGrid\(\s*'([^']+)'/g)].map((m) => m[1]));
  const subscribed = readJson<{ parameters: { eventGridFunctions: { value: { functionName: string }[] } } }>(
    'infra/main.parameters.json',
  ).parameters.eventGridFunctions.value.map((f) => f.functionName);

  it('subscribes exactly the Event Grid-triggered functions the app registers', () => {
    expect(registered.length).toBeGreaterThan(0);
    expect([...subscribed].sort()).toEqual([...registered].sort());
  });
});
