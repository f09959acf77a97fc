// What the templates must keep doing, read straight from the Bicep (the offline stand-in for a what-if): Flex
// Consumption on Node 22 with the user-assigned identity, hardened storage, Entra-only telemetry and Event Grid,
// backup vault diagnostics in resource-specific mode, alert routing, tiering defaults, and the azd wiring.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyObject, declaredName, property, stringLiteral, topLevel, type ParsedBicep } from '../../infra/check/bicepCheck.js';
import { infraDir, parseInfra, readJson, repoRoot } from './support.js';

const text = (file: ParsedBicep, resource: string, path: readonly string[]): string | undefined => {
  const decl = topLevel(file, 'resource_declaration').find((r) => declaredName(r) === resource);
  let node = decl && bodyObject(decl);
  for (const key of path) node = property(node, key);
  return node?.text;
};

const fn = await parseInfra('app/function-app.bicep');
const main = await parseInfra('main.bicep');

describe('Function App', () => {
  it('runs on Flex Consumption (FC1), Node from functionAppConfig.runtime, 22 by default', () => {
    expect(text(fn, 'plan', ['sku', 'name'])).toBe("'FC1'");
    expect(text(fn, 'plan', ['sku', 'tier'])).toBe("'FlexConsumption'");
    expect(text(fn, 'site', ['properties', 'functionAppConfig', 'runtime', 'name'])).toBe("'node'");
    expect(text(fn, 'site', ['properties', 'functionAppConfig', 'runtime', 'version'])).toBe('nodeVersion');
    expect(fn.source).toMatch(/param nodeVersion string = '22'/);
  });

  it('runs as the user-assigned identity, which also resolves Key Vault references and reads the package', () => {
    expect(text(fn, 'site', ['identity', 'type'])).toBe("'UserAssigned'");
    expect(text(fn, 'site', ['properties', 'keyVaultReferenceIdentity'])).toBe('identityResourceId');
    const auth = ['properties', 'functionAppConfig', 'deployment', 'storage', 'authentication'];
    expect(text(fn, 'site', [...auth, 'type'])).toBe("'UserAssignedIdentity'");
    expect(text(fn, 'site', [...auth, 'userAssignedIdentityResourceId'])).toBe('identityResourceId');
    expect(text(fn, 'site', ['properties', 'httpsOnly'])).toBe('true');
  });

  it('is tagged for azd as service api', () => {
    expect(text(fn, 'site', ['tags'])).toBe("union(tags ?? {}, { 'azd-service-name': 'api' })");
  });
});

describe('data and messaging', () => {
  it('hardens the app storage account and creates the four containers', async () => {
    const storage = await parseInfra('app/storage.bicep');
    expect(text(storage, 'storage', ['properties', 'allowSharedKeyAccess'])).toBe('false');
    expect(text(storage, 'storage', ['properties', 'allowBlobPublicAccess'])).toBe('false');
    expect(text(storage, 'storage', ['properties', 'minimumTlsVersion'])).toBe("'TLS1_2'");
    expect(main.source).toMatch(/deployment: 'app-package'\s+state: 'state'\s+evidence: 'evidence'\s+deadLetter: 'deadletter'/);
  });

  it('turns local auth off for Application Insights and the Event Grid topic; the topic takes CloudEvents 1.0', async () => {
    const monitoring = await parseInfra('app/monitoring.bicep');
    expect(text(monitoring, 'appInsights', ['properties', 'DisableLocalAuth'])).toBe('true');
    const topic = await parseInfra('app/event-grid-topic.bicep');
    expect(text(topic, 'topic', ['properties', 'inputSchema'])).toBe("'CloudEventSchemaV1_0'");
    expect(text(topic, 'topic', ['properties', 'disableLocalAuth'])).toBe('true');
  });

  it('delivers to functions as CloudEvents with retries and identity-based dead-lettering', async () => {
    const subs = await parseInfra('app/event-subscriptions.bicep');
    const p = ['properties'];
    expect(text(subs, 'eventSubscription', [...p, 'eventDeliverySchema'])).toBe("'CloudEventSchemaV1_0'");
    expect(text(subs, 'eventSubscription', [...p, 'destination', 'endpointType'])).toBe("'AzureFunction'");
    expect(text(subs, 'eventSubscription', [...p, 'retryPolicy', 'maxDeliveryAttempts'])).toBe('fn.?maxDeliveryAttempts ?? 10');
    expect(text(subs, 'eventSubscription', [...p, 'deadLetterWithResourceIdentity', 'deadLetterDestination', 'endpointType'])).toBe(
      "'StorageBlob'",
    );
  });

  it('creates the subscriptions and the alert action group only on the second pass', () => {
    expect(main.source).toContain(
      "module eventSubscriptions 'app/event-subscriptions.bicep' = if (deployEventSubscriptions && !empty(eventGridFunctions))",
    );
    expect(main.source).toContain('var deployAlertRouting = deployEventSubscriptions && ');
    expect(main.source).toContain("module alertRouting 'app/alert-routing.bicep' = if (deployAlertRouting)");
    expect(main.source).toMatch(/param deployEventSubscriptions bool = false/);
  });
});

describe('backup estate wiring', () => {
  it('sends the four backup vault categories to the workspace in resource-specific mode', async () => {
    const vault = await parseInfra('modules/backup-vault.bicep');
    expect(text(vault, 'diagnostics', ['properties', 'logAnalyticsDestinationType'])).toBe("'Dedicated'");
    for (const c of ['CoreAzureBackup', 'AddonAzureBackupJobs', 'AddonAzureBackupPolicy', 'AddonAzureBackupProtectedInstance']) {
      expect(vault.source.match(new RegExp(`'${c}'`, 'g'))?.length, c).toBe(2); // allowed and default
    }
  });

  it('routes backup vault alerts to the alert-ingest function with the common alert schema, without a key', async () => {
    const routing = await parseInfra('app/alert-routing.bicep');
    expect(routing.source).toMatch(/actionType: 'AddActionGroups'/);
    expect(routing.source).toMatch(
      /field: 'TargetResourceType'\s+operator: 'Equals'\s+values: \[\s+'microsoft.dataprotection\/backupvaults'/,
    );
    expect(routing.source).toMatch(/useCommonAlertSchema: true/);
    expect(routing.source).not.toMatch(/listKeys|code=/);
  });

  it('tiers backup blobs: Cool after 30 days, Archive after 90, delete after 365 by default, prefix-scoped', async () => {
    expect(main.source).toContain('coolAfterDays: account.?coolAfterDays ?? 30');
    expect(main.source).toContain('archiveAfterDays: account.?archiveAfterDays ?? 90');
    expect(main.source).toContain('deleteAfterDays: account.?deleteAfterDays ?? 365');
    const storage = await parseInfra('modules/backup-storage.bicep');
    expect(text(storage, 'lifecyclePolicy', ['name'])).toBe("'default'");
    expect(storage.source).toMatch(/prefixMatch: prefixMatch/);
  });

  it('reaches vaults, clusters and storage in any subscription and resource group', () => {
    for (const id of ['vaultId', 'clusterId', 'account.storageAccountResourceId']) {
      expect(main.source, id).toContain(`scope: resourceGroup(split(${id}, '/')[2], split(${id}, '/')[4])`);
    }
    expect(main.source).toContain('scope: subscription(subscriptionId)');
  });
});

describe('azd', () => {
  const azureYaml = readFileSync(join(repoRoot, 'azure.yaml'), 'utf8');

  it('deploys service api as a TypeScript function app, and runs the second pass after deploy', () => {
    expect(azureYaml).toMatch(/services:\s+api:\s+project: \.\s+language: ts\s+host: function/);
    expect(azureYaml).toMatch(/postdeploy:/);
    expect(azureYaml).toContain('infra/hooks/postdeploy.sh');
    expect(azureYaml).toContain('infra/hooks/postdeploy.ps1');
  });

  it('passes only parameters main.bicep declares, with the azd environment variables', () => {
    const declared = topLevel(main, 'parameter_declaration').map((p) => declaredName(p));
    const params = readJson<{ parameters: Record<string, { value: unknown }> }>('infra/main.parameters.json').parameters;
    expect(Object.keys(params).filter((p) => !declared.includes(p))).toEqual([]);
    expect(params.environmentName?.value).toBe('${AZURE_ENV_NAME}');
    expect(params.location?.value).toBe('${AZURE_LOCATION}');
    expect(params.principalId?.value).toBe('${AZURE_PRINCIPAL_ID}');
    expect(params.deployEventSubscriptions?.value).toBe('${DEPLOY_EVENT_SUBSCRIPTIONS=false}');
  });

  it('documents every parameter of main.bicep in infra/README.md', () => {
    const readme = readFileSync(join(infraDir, 'README.md'), 'utf8');
    const params = topLevel(main, 'parameter_declaration').map((p) => declaredName(p) ?? '');
    expect(params.length).toBeGreaterThan(10);
    expect(params.filter((p) => !readme.includes(`| \`${p}\``))).toEqual([]);
  });

  it('gives azd UPPER_SNAKE outputs', () => {
    const outputs = topLevel(main, 'output_declaration').map((o) => declaredName(o) ?? '');
    expect(outputs.filter((o) => !/^[A-Z][A-Z0-9_]*$/.test(o))).toEqual([]);
    expect(outputs).toEqual(expect.arrayContaining(['SERVICE_API_NAME', 'AZURE_KEY_VAULT_NAME', 'POSTDEPLOY_PROVISION_NEEDED']));
  });

  it('has hook scripts that re-provision with DEPLOY_EVENT_SUBSCRIPTIONS=true and restore it', () => {
    for (const hook of ['postdeploy.sh', 'postdeploy.ps1']) {
      const script = readFileSync(join(infraDir, 'hooks', hook), 'utf8');
      expect(script, hook).toMatch(/azd env set DEPLOY_EVENT_SUBSCRIPTIONS true/);
      expect(script, hook).toMatch(/azd provision --no-prompt/);
      expect(script, hook).toMatch(/azd env set DEPLOY_EVENT_SUBSCRIPTIONS false/);
      expect(script, hook).toMatch(/POSTDEPLOY_PROVISION_NEEDED/);
    }
  });
});

describe('AVM style', () => {
  it('keeps shared types exported in a Definitions section, each named *Type', async () => {
    const types = await parseInfra('types.bicep');
    expect(types.source).toMatch(/\/\/ {3}Definitions {4}\/\//);
    const names = topLevel(types, 'type_declaration').map((t) => declaredName(t) ?? '');
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n) => !n.endsWith('Type'))).toEqual([]);
  });

  it('raises the linter rules the brief names to errors, and recent API versions to a warning', () => {
    const config = readJson<{ analyzers: { core: { rules: Record<string, { level: string }> } } }>('infra/bicepconfig.json');
    const rules = config.analyzers.core.rules;
    for (const rule of ['no-unused-params', 'no-unused-vars', 'secure-secrets-in-params', 'no-hardcoded-env-urls']) {
      expect(rules[rule]?.level, rule).toBe('error');
    }
    expect(rules['use-recent-api-versions']?.level).toBe('warning');
  });

  it('gives the Teams webhook secret name, never its value, to the templates', async () => {
    const secure = main.source.match(/@secure\(\)/g) ?? [];
    expect(secure).toEqual([]);
    const keyVault = await parseInfra('app/key-vault.bicep');
    expect(keyVault.source).not.toMatch(/secrets@|value: /);
    const secretName = topLevel(main, 'parameter_declaration').find((p) => declaredName(p) === 'teamsWebhookSecretName');
    expect(stringLiteral(secretName?.namedChildren[2])).toBe('teams-webhook-url');
  });
});
