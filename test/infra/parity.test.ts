// Settings parity, read from the compiled ARM template: every setting shared/config/index.ts reads is set by the
// deployment (or deliberately left to the code's default, with a reason) and listed in local.settings.sample.json;
// nothing stale is left in either; nothing the Flex Consumption plan rejects is set.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../shared/config/index.js';
import { calls, moduleTemplate, objectEntries, parse, print, resource, resourcesOfType, type Expr } from './arm.js';
import { compiled, readJson, repoRoot } from './support.js';

/** Settings the Functions host owns (not read by shared/config/index.ts). */
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
  'AzureWebJobsStorage__accountName', // assumes public-cloud host names; the service URIs come from the account
];

const isHostOwned = (name: string) => HOST_OWNED.some((re) => re.test(name));

/** `union(createObject(<settings>), <rest>)`: the literal-keyed settings and what they are merged with. */
function unionOfObject(value: unknown): { entries: [string, Expr][]; rest: string[] } {
  const e = parse(value);
  if (e.kind !== 'call' || e.name !== 'union' || e.args[0]?.kind !== 'call' || e.args[0].name !== 'createObject') {
    throw new Error(`expected union(createObject(...), ...), got ${print(e)}`);
  }
  return { entries: objectEntries(e.args[0]), rest: e.args.slice(1).map(print) };
}

const main = compiled('main.bicep');
const functionAppModule = resource(main, 'functionApp');
const appSettingsParam = (functionAppModule.properties?.parameters?.appSettings as { value: unknown }).value;
const appSettings = unionOfObject(appSettingsParam);
const setInBicep = appSettings.entries.map(([k]) => k);
const siteSettings = resource(moduleTemplate(main, 'functionApp'), 'site::settings');
const host = unionOfObject(siteSettings.properties);
const hostSettings = host.entries.map(([k]) => k);
const defaulted = Object.keys(readJson<{ settings: Record<string, string> }>('infra/app-settings-defaulted.json').settings);
const sample = Object.keys(readJson<{ Values: Record<string, string> }>('local.settings.sample.json').Values);
const valueOf = (name: string) => {
  const found = appSettings.entries.find(([k]) => k === name);
  return found ? print(found[1]) : undefined;
};

describe('app settings in the compiled template', () => {
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

  it('adds only host-owned settings in the Function App module, identity-based from the account endpoints', () => {
    expect(hostSettings.filter((n) => !isHostOwned(n))).toEqual([]);
    expect(hostSettings).toEqual(
      expect.arrayContaining([
        'AzureWebJobsStorage__blobServiceUri',
        'AzureWebJobsStorage__queueServiceUri',
        'AzureWebJobsStorage__tableServiceUri',
        'AzureWebJobsStorage__credential',
        'AzureWebJobsStorage__clientId',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
      ]),
    );
    const hostValue = (name: string) => print(host.entries.find(([k]) => k === name)?.[1] ?? { kind: 'string', value: '' });
    for (const service of ['blob', 'queue', 'table']) {
      expect(hostValue(`AzureWebJobsStorage__${service}ServiceUri`)).toBe(`reference('storage').primaryEndpoints.${service}`);
    }
    expect(hostValue('AzureWebJobsStorage__credential')).toBe("'managedidentity'");
  });

  it('sets nothing Flex Consumption rejects, and no runtime outside functionAppConfig', () => {
    const all = [...setInBicep, ...hostSettings];
    expect(all.filter((n) => FLEX_REJECTS.includes(n))).toEqual([]);
    const site = resource(moduleTemplate(main, 'functionApp'), 'site');
    expect(JSON.stringify(site)).not.toMatch(/linuxFxVersion|FUNCTIONS_WORKER_RUNTIME|WEBSITE_RUN_FROM_PACKAGE/);
  });

  it('hands both sets to the site: host settings, then the app settings with the operator overrides last', () => {
    expect(host.rest).toEqual(["parameters('appSettings')"]);
    expect(appSettings.rest).toEqual(["parameters('appSettingOverrides')"]);
  });

  it.each([
    ['AZURE_AUTH_MODE', "'managedIdentity'"],
    ['AZURE_CLIENT_ID', "reference('identity').outputs.clientId.value"],
    ['AZURE_SUBSCRIPTION_IDS', "join(variables('watched'), ',')"],
    ['ARM_ENDPOINT', "variables('armEndpoint')"],
    ['ARM_AUDIENCE', "variables('armEndpoint')"],
    ['LOG_ANALYTICS_WORKSPACE_ID', "reference('monitoring').outputs.workspaceCustomerId.value"],
    ['EVENTGRID_TOPIC_ENDPOINT', "reference('topic').outputs.endpoint.value"],
    ['TEAMS_WEBHOOK_URL', "reference('keyVault').outputs.teamsWebhookReference.value"],
    ['STATE_BLOB_SERVICE_URL', "reference('storage').outputs.blobEndpoint.value"],
    ['STATE_CONTAINER', "variables('containers').state"],
    ['RPO_CHECK_SCHEDULE', "parameters('rpoCheckSchedule')"],
    ['ACS_EMAIL_ENDPOINT', "if(parameters('deployEmail'), reference('email').outputs.endpoint.value, '')"],
  ])('wires %s to the deployed resources (%s)', (name, expression) => {
    expect(valueOf(name)).toBe(expression);
  });

  it('sets every setting a trigger binds as %NAME% (the host cannot index the function without it)', () => {
    const bound = new Set<string>();
    for (const file of readdirSync(join(repoRoot, 'functions')).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(repoRoot, 'functions', file), 'utf8').matchAll(/'%([A-Za-z0-9_]+)%'/g)) bound.add(m[1] ?? '');
    }
    expect(bound.size).toBeGreaterThan(3);
    expect([...bound].filter((n) => !setInBicep.includes(n))).toEqual([]);
  });

  it('derives ARM_ENDPOINT from the cloud the template is deployed to, without the trailing slash', () => {
    const arm = print(parse(main.variables?.armEndpoint));
    expect(arm).toContain('environment().resourceManager');
    expect(arm).toMatch(/^if\(endsWith\(environment\(\)\.resourceManager, '\/'\)/);
  });

  it('refers to TEAMS_WEBHOOK_URL through a versionless Key Vault reference, never a value', () => {
    const keyVault = moduleTemplate(main, 'keyVault');
    const reference = parse(keyVault.outputs?.teamsWebhookReference?.value);
    const format = calls(reference, 'format')[0];
    expect(format?.args[0]).toEqual({ kind: 'string', value: '@Microsoft.KeyVault(SecretUri={0}secrets/{1})' });
    expect(print(format?.args[2] ?? reference)).toBe("parameters('teamsWebhookSecretName')");
    expect(resourcesOfType(main, 'Microsoft.KeyVault/vaults/secrets')).toEqual([]);
  });
});

describe('appSettingOverrides', () => {
  const file = readJson<{ settings: Record<string, string>; notOverridable: Record<string, string> }>('infra/app-settings-defaulted.json');
  const definition = (
    main as unknown as { definitions: Record<string, { properties: Record<string, unknown>; additionalProperties: unknown }> }
  ).definitions.appSettingOverridesType;

  it('admits exactly the defaulted settings an operator may set, and nothing else (sealed)', () => {
    const allowed = Object.keys(file.settings).filter((n) => !(n in file.notOverridable));
    expect(Object.keys(definition?.properties ?? {}).sort()).toEqual(allowed.sort());
    expect(definition?.additionalProperties).toBe(false);
    expect((main.parameters?.appSettingOverrides as { $ref?: string } | undefined)?.$ref).toBe('#/definitions/appSettingOverridesType');
  });

  it('never lets an override replace what the template sets (auth mode, identity, endpoints, the webhook reference)', () => {
    const names = Object.keys(definition?.properties ?? {});
    expect(names.filter((n) => setInBicep.includes(n))).toEqual([]);
    for (const n of [
      'AZURE_AUTH_MODE',
      'AZURE_CLIENT_ID',
      'TEAMS_WEBHOOK_URL',
      'ARM_ENDPOINT',
      'EXTRA_CA_CERT_FILE',
      'STATE_STORAGE_CONNECTION_STRING',
    ]) {
      expect(names, n).not.toContain(n);
    }
    expect(Object.keys(file.notOverridable).every((n) => n in file.settings)).toBe(true);
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
