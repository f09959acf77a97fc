// What the templates must keep doing, read from the ARM JSON the compiler emits and, where the template decides
// something from its parameters (which subscriptions get alert routing, which role assignments a pass makes), by
// evaluating its expressions for a sample estate: Flex Consumption on Node 22 with the user-assigned identity,
// hardened storage, Entra-only telemetry and Event Grid, resource-specific vault diagnostics, alert routing per vault
// subscription, tiering defaults, and the azd wiring.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleTemplate, parse, print, resource, resourcesOf, type ArmTemplate } from './arm.js';
import { evaluate, variable, type EvalContext } from './armEval.js';
import { compiled, infraDir, readJson, repoRoot } from './support.js';

const main = compiled('main.bicep');
const fn = moduleTemplate(main, 'functionApp');
const site = resource(fn, 'site');
const expr = (v: unknown) => print(parse(v));
const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);

const APP_SUB = '00000000-0000-0000-0000-0000000000aa';
const VAULT_SUB = '00000000-0000-0000-0000-0000000000bb';
const vault = (sub: string, rg: string, name: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/${name}`;
const estate = (overrides: Record<string, unknown> = {}): EvalContext => ({
  template: main,
  subscriptionId: APP_SUB,
  parameters: {
    environmentName: 'prod',
    location: 'westeurope',
    backupVaultResourceIds: [
      vault(APP_SUB, 'rg-backup', 'bv-weu'),
      vault(VAULT_SUB, 'rg-dr', 'bv-neu'),
      vault(VAULT_SUB, 'rg-dr2', 'bv-neu2'),
    ],
    alertIngestFunctionName: 'alertIngest',
    alertAuthClientId: '33333333-3333-3333-3333-333333333333',
    alertAuthObjectId: '44444444-4444-4444-4444-444444444444',
    alertAuthIdentifierUri: 'api://backup-autopilot-alerts',
    ...overrides,
  },
});

/** A module loop's parameter value for each copy. */
function loopParam(template: ArmTemplate, symbol: string, param: string, ctx: EvalContext): unknown[] {
  const r = resource(template, symbol);
  const count = evaluate(r.copy?.count, ctx) as number;
  return Array.from({ length: count }, (_x, i) => {
    const p = r.properties?.parameters?.[param];
    // A conditional parameter compiles to if(c, createObject('value', x), createObject('value', y)).
    const value = evaluate(p, { ...ctx, copyIndex: i }) as { value: unknown };
    return value.value;
  });
}

describe('Function App', () => {
  it('runs on Flex Consumption (FC1), Node from functionAppConfig.runtime, 22 by default', () => {
    const plan = resource(fn, 'plan');
    expect(get(plan, 'sku.name')).toBe('FC1');
    expect(get(plan, 'sku.tier')).toBe('FlexConsumption');
    expect(get(site, 'properties.functionAppConfig.runtime.name')).toBe('node');
    expect(expr(get(site, 'properties.functionAppConfig.runtime.version'))).toBe("parameters('nodeVersion')");
    expect(fn.parameters?.nodeVersion?.defaultValue).toBe('22');
  });

  it('runs as the user-assigned identity, which also resolves Key Vault references and reads the package', () => {
    expect(get(site, 'identity.type')).toBe('UserAssigned');
    expect(expr(get(site, 'properties.keyVaultReferenceIdentity'))).toBe("parameters('identityResourceId')");
    const auth = 'properties.functionAppConfig.deployment.storage.authentication';
    expect(get(site, `${auth}.type`)).toBe('UserAssignedIdentity');
    expect(expr(get(site, `${auth}.userAssignedIdentityResourceId`))).toBe("parameters('identityResourceId')");
    expect(get(site, 'properties.httpsOnly')).toBe(true);
  });

  it('takes the deployment container URL from the account endpoints (sovereign clouds included)', () => {
    expect(expr(get(site, 'properties.functionAppConfig.deployment.storage.value'))).toBe(
      "format('{0}{1}', reference('storage').primaryEndpoints.blob, parameters('deploymentContainerName'))",
    );
  });

  it('is tagged for azd as service api', () => {
    expect(expr(site.tags)).toBe("union(coalesce(parameters('tags'), createObject()), createObject('azd-service-name', 'api'))");
  });
});

describe('data and messaging', () => {
  it('hardens the app storage account and creates the host, package, state and dead-letter containers (no evidence container: nothing writes evidence yet)', () => {
    const storage = resource(moduleTemplate(main, 'storage'), 'storage');
    expect(get(storage, 'properties.allowSharedKeyAccess')).toBe(false);
    expect(get(storage, 'properties.allowBlobPublicAccess')).toBe(false);
    expect(get(storage, 'properties.minimumTlsVersion')).toBe('TLS1_2');
    expect(main.variables?.containers).toEqual({
      hosts: 'azure-webjobs-hosts',
      secrets: 'azure-webjobs-secrets',
      deployment: 'app-package',
      state: 'state',
      deadLetter: 'deadletter',
    });
  });

  it('grants app storage roles per container, never on the whole account', () => {
    const storageModule = moduleTemplate(main, 'storage');
    const assignments = resourcesOf(storageModule).filter((r) => r.resource.type === 'Microsoft.Authorization/roleAssignments');
    expect(assignments).toHaveLength(1);
    expect(expr(assignments[0]?.resource.scope)).toBe(
      "resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('name'), 'default', " +
        "parameters('containerNames')[indexOf(parameters('containerNames'), parameters('containerRoleAssignments')[copyIndex()].containerName)])",
    );
    const params = resource(main, 'storage').properties?.parameters as Record<string, { value: unknown }>;
    const grants = evaluate(params.containerRoleAssignments?.value, estate()) as {
      containerName: string;
      assignment: { roleName: string };
    }[];
    expect(Object.fromEntries(grants.map((g) => [g.containerName, g.assignment.roleName]))).toEqual({
      'azure-webjobs-hosts': 'Storage Blob Data Owner',
      'azure-webjobs-secrets': 'Storage Blob Data Owner',
      'app-package': 'Storage Blob Data Contributor',
      state: 'Storage Blob Data Contributor',
      deadletter: 'Storage Blob Data Contributor',
    });
    const containerNames = evaluate(params.containerNames?.value, estate()) as string[];
    expect(grants.every((g) => containerNames.includes(g.containerName))).toBe(true);
  });

  it('turns local auth off for Application Insights and the Event Grid topic; the topic takes CloudEvents 1.0', () => {
    expect(get(resource(moduleTemplate(main, 'monitoring'), 'appInsights'), 'properties.DisableLocalAuth')).toBe(true);
    const topic = resource(moduleTemplate(main, 'topic'), 'topic');
    expect(get(topic, 'properties.inputSchema')).toBe('CloudEventSchemaV1_0');
    expect(get(topic, 'properties.disableLocalAuth')).toBe(true);
  });

  it('delivers to functions as CloudEvents with retries and identity-based dead-lettering', () => {
    const sub = resource(moduleTemplate(main, 'eventSubscriptions'), 'eventSubscription');
    expect(get(sub, 'properties.eventDeliverySchema')).toBe('CloudEventSchemaV1_0');
    expect(get(sub, 'properties.destination.endpointType')).toBe('AzureFunction');
    expect(expr(get(sub, 'properties.retryPolicy.maxDeliveryAttempts'))).toBe(
      "coalesce(tryGet(parameters('functions')[copyIndex()], 'maxDeliveryAttempts'), 10)",
    );
    expect(get(sub, 'properties.deadLetterWithResourceIdentity.deadLetterDestination.endpointType')).toBe('StorageBlob');
  });

  it('creates the subscriptions and the alert routing only on the second pass', () => {
    expect(expr(resource(main, 'eventSubscriptions').condition)).toBe(
      "and(parameters('deployEventSubscriptions'), not(empty(parameters('eventGridFunctions'))))",
    );
    expect(expr(resource(main, 'alertRouting').condition)).toBe("variables('deployAlertRouting')");
    expect(variable(estate(), 'deployAlertRouting')).toBe(false);
    expect(variable(estate({ deployEventSubscriptions: true }), 'deployAlertRouting')).toBe(true);
    // Never without the app registration: no secure webhook, no routing (and no URL with a key instead).
    expect(variable(estate({ deployEventSubscriptions: true, alertAuthObjectId: '' }), 'deployAlertRouting')).toBe(false);
    expect(main.parameters?.deployEventSubscriptions?.defaultValue).toBe(false);
  });
});

describe('deployment hardening', () => {
  it('turns FTP and SCM basic auth off and FTPS off on the Function App', () => {
    const policies = resourcesOf(fn).filter((r) => r.resource.type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((p) => [expr(p.resource.name), get(p.resource, 'properties.allow')])).toEqual([
      ["format('{0}/{1}', parameters('name'), 'ftp')", false],
      ["format('{0}/{1}', parameters('name'), 'scm')", false],
    ]);
    expect(get(site, 'properties.siteConfig.ftpsState')).toBe('Disabled');
  });

  it('turns Key Vault purge protection on by default and ACS local auth off, with a send-only role', () => {
    expect(main.parameters?.keyVaultEnablePurgeProtection?.defaultValue).toBe(true);
    expect(moduleTemplate(main, 'keyVault').parameters?.enablePurgeProtection?.defaultValue).toBe(true);
    const acs = resource(moduleTemplate(main, 'email'), 'communicationService');
    expect(get(acs, 'properties.disableLocalAuth')).toBe(true);
    const roles = evaluate(get(resource(main, 'email'), 'properties.parameters.roleAssignments.value'), estate()) as { roleName: string }[];
    expect(roles.map((r) => r.roleName)).toEqual(['Backup Autopilot Email Sender']);
  });

  it('keeps public network access by default, and with privateNetworking puts storage, Key Vault and the topic behind private endpoints', () => {
    const flag = (symbol: string, ctx: EvalContext) =>
      evaluate(get(resource(main, symbol), 'properties.parameters.publicNetworkAccess.value'), ctx);
    const on = estate({ privateNetworking: { enabled: true } });
    for (const symbol of ['storage', 'keyVault', 'topic']) {
      expect(flag(symbol, estate()), symbol).toBe(true);
      expect(flag(symbol, on), symbol).toBe(false);
    }
    expect(evaluate(resource(main, 'network').condition, estate())).toBe(false);
    expect(evaluate(resource(main, 'network').condition, on)).toBe(true);
    const storage = resource(moduleTemplate(main, 'storage'), 'storage');
    expect(expr(get(storage, 'properties.networkAcls.defaultAction'))).toBe("if(parameters('publicNetworkAccess'), 'Allow', 'Deny')");
    expect(get(storage, 'properties.networkAcls.bypass')).toBe('AzureServices');
    for (const [symbol, res] of [
      ['keyVault', 'vault'],
      ['topic', 'topic'],
    ] as const) {
      expect(expr(get(resource(moduleTemplate(main, symbol), res), 'properties.publicNetworkAccess'))).toBe(
        "if(parameters('publicNetworkAccess'), 'Enabled', 'Disabled')",
      );
    }
    const network = moduleTemplate(main, 'network');
    const endpoints = evaluate(network.variables?.endpoints, {
      template: network,
      subscriptionId: APP_SUB,
      parameters: { eventGridPrivateDnsZone: 'privatelink.eventgrid.azure.net' },
    }) as {
      groupId: string;
      zone: string;
    }[];
    expect(endpoints.map((e) => [e.groupId, e.zone])).toEqual([
      ['blob', 'privatelink.blob.core.windows.net'],
      ['queue', 'privatelink.queue.core.windows.net'],
      ['table', 'privatelink.table.core.windows.net'],
      ['vault', 'privatelink.vaultcore.azure.net'],
      ['topic', 'privatelink.eventgrid.azure.net'],
    ]);
    // A conditional module parameter compiles to if(c, createObject('value', x), createObject('value', y)).
    expect(expr(get(resource(main, 'functionApp'), 'properties.parameters.virtualNetworkSubnetId'))).toBe(
      "if(parameters('privateNetworking').enabled, createObject('value', reference('network').outputs.appSubnetResourceId.value), createObject('value', ''))",
    );
  });
});

describe('backup estate wiring', () => {
  it('sends the four backup vault categories to the workspace in resource-specific mode', () => {
    const vaultModule = moduleTemplate(main, 'backupVaults');
    const diagnostics = resource(vaultModule, 'diagnostics');
    expect(get(diagnostics, 'properties.logAnalyticsDestinationType')).toBe('Dedicated');
    const categories = ['CoreAzureBackup', 'AddonAzureBackupJobs', 'AddonAzureBackupPolicy', 'AddonAzureBackupProtectedInstance'];
    expect(vaultModule.parameters?.logCategories?.defaultValue).toEqual(categories);
    expect(vaultModule.parameters?.logCategories?.allowedValues).toEqual(categories);
  });

  it('puts one alert processing rule (and action group) in each vault subscription, scoped inside it', () => {
    const targets = variable(estate(), 'alertRoutingTargets');
    expect(targets).toEqual([
      { subscriptionId: APP_SUB, resourceGroupName: 'rg-backup', scopes: [`/subscriptions/${APP_SUB}/resourceGroups/rg-backup`] },
      {
        subscriptionId: VAULT_SUB,
        resourceGroupName: 'rg-dr',
        scopes: [`/subscriptions/${VAULT_SUB}/resourceGroups/rg-dr`, `/subscriptions/${VAULT_SUB}/resourceGroups/rg-dr2`],
      },
    ]);
    expect(variable(estate({ alertProcessingRuleScope: 'subscription' }), 'alertRoutingTargets')).toEqual([
      { subscriptionId: APP_SUB, resourceGroupName: 'rg-backup', scopes: [`/subscriptions/${APP_SUB}`] },
      { subscriptionId: VAULT_SUB, resourceGroupName: 'rg-dr', scopes: [`/subscriptions/${VAULT_SUB}`] },
    ]);
    const routing = resource(main, 'alertRouting');
    expect(expr(routing.copy?.count)).toBe("length(variables('alertRoutingTargets'))");
    expect(expr(routing.subscriptionId)).toBe("variables('alertRoutingTargets')[copyIndex()].subscriptionId");
    expect(expr(routing.resourceGroup)).toBe("variables('alertRoutingTargets')[copyIndex()].resourceGroupName");
    expect(expr(get(routing, 'properties.parameters.scopes.value'))).toBe("variables('alertRoutingTargets')[copyIndex()].scopes");
  });

  it('routes backup vault alerts through a secure webhook (Entra token, useAadAuth) with the common alert schema, without a key', () => {
    const routing = moduleTemplate(main, 'alertRouting');
    const rule = resource(routing, 'alertProcessingRule');
    expect(get(rule, 'properties.conditions')).toEqual([
      { field: 'TargetResourceType', operator: 'Equals', values: ['microsoft.dataprotection/backupvaults'] },
    ]);
    expect(get(rule, 'properties.actions.0.actionType')).toBe('AddActionGroups');
    const group = resource(routing, 'actionGroup');
    expect(get(group, 'properties.azureFunctionReceivers')).toBeUndefined();
    expect(get(group, 'properties.webhookReceivers.0.useCommonAlertSchema')).toBe(true);
    expect(get(group, 'properties.webhookReceivers.0.useAadAuth')).toBe(true);
    expect(expr(get(group, 'properties.webhookReceivers.0.objectId'))).toBe("parameters('aadObjectId')");
    expect(expr(get(group, 'properties.webhookReceivers.0.identifierUri'))).toBe("parameters('aadIdentifierUri')");
    expect(expr(get(group, 'properties.webhookReceivers.0.tenantId'))).toBe('tenant().tenantId');
    expect(JSON.stringify(routing)).not.toMatch(/listKeys|code=|functionKeys|host\/default/i);
    const params = resource(main, 'alertRouting').properties?.parameters as Record<string, { value: unknown }>;
    expect(expr(params.serviceUri?.value)).toBe(
      "format('https://{0}/api/{1}', reference('functionApp').outputs.defaultHostName.value, parameters('alertIngestRoute'))",
    );
  });

  it('validates the Entra token on the Function App (App Service Authentication) for the app registration only', () => {
    const auth = resource(fn, 'authSettings');
    expect(expr(auth.condition)).toBe("not(equals(parameters('alertAuth'), null()))");
    expect(get(auth, 'properties.platform.enabled')).toBe(true);
    // Anonymous requests pass the platform (for /api/rpo and the Event Grid webhook); the alert route refuses them.
    expect(get(auth, 'properties.globalValidation.unauthenticatedClientAction')).toBe('AllowAnonymous');
    const aad = get(auth, 'properties.identityProviders.azureActiveDirectory') as Record<string, unknown>;
    expect(aad.enabled).toBe(true);
    expect(expr(get(auth, 'properties.identityProviders.azureActiveDirectory.validation.allowedAudiences.0'))).toBe(
      "parameters('alertAuth').identifierUri",
    );
    expect(
      get(auth, 'properties.identityProviders.azureActiveDirectory.validation.defaultAuthorizationPolicy.allowedApplications'),
    ).toEqual(['461e8683-5575-4561-ac7f-899cc907d62a']);
    expect(expr(get(auth, 'properties.identityProviders.azureActiveDirectory.registration.openIdIssuer'))).toContain('tenant().tenantId');
  });

  it('assigns custom roles outside the app subscription only on the second pass (role definitions replicate first)', () => {
    const firstPass = loopParam(main, 'backupVaults', 'roleAssignments', estate()) as unknown[][];
    expect(firstPass.map((a) => a.length)).toEqual([1, 0, 0]);
    const secondPass = loopParam(main, 'backupVaults', 'roleAssignments', estate({ deployEventSubscriptions: true })) as unknown[][];
    expect(secondPass.map((a) => a.length)).toEqual([1, 1, 1]);
    const output = main.outputs?.POSTDEPLOY_PROVISION_NEEDED?.value;
    const needed = (p: Record<string, unknown>) =>
      evaluate(output, { ...estate(p), parameters: { environmentName: 'x', location: 'y', ...p } });
    expect(needed({ backupVaultResourceIds: [vault(VAULT_SUB, 'rg', 'v')] })).toBe(true);
    expect(needed({ backupVaultResourceIds: [vault(APP_SUB, 'rg', 'v')] })).toBe(false);
  });

  it('tiers backup blobs: Cool after 30 days, Archive after 90, delete after 365 by default, prefix-scoped', () => {
    const params = resource(main, 'backupStorage').properties?.parameters as Record<string, { value: unknown }>;
    expect(expr(params.coolAfterDays?.value)).toBe(
      "coalesce(tryGet(parameters('backupStorageAccounts')[copyIndex()], 'coolAfterDays'), 30)",
    );
    expect(expr(params.archiveAfterDays?.value)).toBe(
      "coalesce(tryGet(parameters('backupStorageAccounts')[copyIndex()], 'archiveAfterDays'), 90)",
    );
    expect(expr(params.deleteAfterDays?.value)).toBe(
      "coalesce(tryGet(parameters('backupStorageAccounts')[copyIndex()], 'deleteAfterDays'), 365)",
    );
    const policy = resource(moduleTemplate(main, 'backupStorage'), 'lifecyclePolicy');
    expect(expr(policy.name)).toBe("format('{0}/{1}', parameters('storageAccountName'), 'default')");
    expect(JSON.stringify(policy.properties)).toContain("parameters('prefixMatch')");
  });

  it("reads backup storage per container, writes only with appTiering, and keeps the account's other lifecycle rules", () => {
    const account =
      '/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg-bk/providers/Microsoft.Storage/storageAccounts/stbk';
    const storage = (extra: Record<string, unknown>) =>
      estate({ backupStorageAccounts: [{ storageAccountResourceId: account, prefixMatch: ['velero/backups/', 'dumps/'], ...extra }] });
    const roles = (ctx: EvalContext) =>
      (loopParam(main, 'backupStorage', 'roleAssignments', ctx)[0] as { roleName: string }[]).map((a) => a.roleName);
    expect(roles(storage({}))).toEqual(['Storage Blob Data Reader']);
    expect(roles(storage({ appTiering: true }))).toEqual(['Storage Blob Data Reader', 'Storage Blob Data Contributor']);
    expect(loopParam(main, 'backupStorage', 'containerNames', storage({}))[0]).toEqual(['velero', 'dumps']);
    expect(loopParam(main, 'backupStorage', 'containerNames', storage({ containers: ['velero'] }))[0]).toEqual(['velero']);
    const module = moduleTemplate(main, 'backupStorage');
    expect(
      resourcesOf(module)
        .filter((r) => r.resource.type === 'Microsoft.Authorization/roleAssignments')
        .map((r) => expr(r.resource.scope)),
    ).toEqual([
      "resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('containerNames')[variables('grants')[copyIndex()].index])",
    ]);
    const rules = expr(get(resource(module, 'lifecyclePolicy'), 'properties.policy.rules'));
    expect(rules).toMatch(
      /^concat\(filter\(parameters\('keepRules'\), lambda\('r', not\(equals\(tryGet\(lambdaVariables\('r'\), 'name'\), variables\('ruleName'\)\)\)\)\), createArray\(/,
    );
  });

  it('reaches vaults and storage in any subscription and resource group', () => {
    for (const [symbol, list] of [['backupVaults', 'backupVaultResourceIds']] as const) {
      const r = resource(main, symbol);
      expect(expr(r.subscriptionId)).toBe(`split(parameters('${list}')[copyIndex()], '/')[2]`);
      expect(expr(r.resourceGroup)).toBe(`split(parameters('${list}')[copyIndex()], '/')[4]`);
    }
    expect(expr(resource(main, 'backupStorage').subscriptionId)).toBe(
      "split(parameters('backupStorageAccounts')[copyIndex()].storageAccountResourceId, '/')[2]",
    );
    expect(expr(resource(main, 'subscriptionRbac').subscriptionId)).toBe("variables('watched')[copyIndex()]");
  });
});

describe('azd', () => {
  const azureYaml = readFileSync(join(repoRoot, 'azure.yaml'), 'utf8');

  it('deploys service api as a TypeScript function app with remote build, and runs the second pass after deploy', () => {
    expect(azureYaml).toMatch(/services:\s+api:\s+project: \.\s+language: ts\s+host: function/);
    expect(azureYaml).toMatch(/^\s+remoteBuild: true$/m);
    expect(azureYaml).toMatch(/postdeploy:/);
    expect(azureYaml).toContain('infra/hooks/postdeploy.sh');
    expect(azureYaml).toContain('infra/hooks/postdeploy.ps1');
  });

  it('requires azd 1.24.1 or later (older ones delete every touched resource group on azd down)', () => {
    expect(azureYaml).toMatch(/^requiredVersions:\s+azd: '>= 1\.24\.1'$/m);
  });

  it('passes only parameters main.bicep declares, with the azd environment variables', () => {
    const declared = Object.keys(main.parameters ?? {});
    const params = readJson<{ parameters: Record<string, { value: unknown }> }>('infra/main.parameters.json').parameters;
    expect(Object.keys(params).filter((p) => !declared.includes(p))).toEqual([]);
    expect(params.environmentName?.value).toBe('${AZURE_ENV_NAME}');
    expect(params.location?.value).toBe('${AZURE_LOCATION}');
    expect(params.principalId?.value).toBe('${AZURE_PRINCIPAL_ID}');
    expect(params.deployEventSubscriptions?.value).toBe('${DEPLOY_EVENT_SUBSCRIPTIONS=false}');
  });

  it('documents every parameter of main.bicep in infra/README.md', () => {
    const readme = readFileSync(join(infraDir, 'README.md'), 'utf8');
    const params = Object.keys(main.parameters ?? {});
    expect(params.length).toBeGreaterThan(10);
    expect(params.filter((p) => !readme.includes(`| \`${p}\``))).toEqual([]);
  });

  it('gives azd UPPER_SNAKE outputs', () => {
    const outputs = Object.keys(main.outputs ?? {});
    expect(outputs.filter((o) => !/^[A-Z][A-Z0-9_]*$/.test(o))).toEqual([]);
    expect(outputs).toEqual(expect.arrayContaining(['SERVICE_API_NAME', 'AZURE_KEY_VAULT_NAME', 'POSTDEPLOY_PROVISION_NEEDED']));
  });
});

describe('AVM style', () => {
  it('keeps shared types exported, each named *Type', () => {
    const types = compiled('types.bicep');
    const names = Object.keys((types as unknown as { definitions?: Record<string, unknown> }).definitions ?? {});
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n) => !n.endsWith('Type'))).toEqual([]);
  });

  it('describes every parameter and output of every template', () => {
    for (const file of [
      'main.bicep',
      ...resourcesOf(main)
        .filter((r) => r.resource.properties?.template)
        .map((r) => r.symbol),
    ]) {
      const t = file === 'main.bicep' ? main : moduleTemplate(main, file);
      for (const [name, p] of Object.entries(t.parameters ?? {})) {
        const d = (p.metadata as { description?: string } | undefined)?.description ?? '';
        expect(d, `${file} param ${name}`).toMatch(/^(Required|Optional)\. \S/);
      }
      for (const [name, o] of Object.entries(t.outputs ?? {})) expect(o.metadata?.description, `${file} output ${name}`).toBeTruthy();
    }
  });

  it('raises the linter rules the brief names to errors', () => {
    const config = readJson<{ analyzers: { core: { rules: Record<string, { level: string }> } } }>('infra/bicepconfig.json');
    const rules = config.analyzers.core.rules;
    for (const rule of [
      'no-unused-params',
      'no-unused-vars',
      'secure-secrets-in-params',
      'no-hardcoded-env-urls',
      'use-recent-api-versions',
    ]) {
      expect(rules[rule]?.level, rule).toBe('error');
    }
  });

  it('gives the Teams webhook secret name, never its value, to the templates', () => {
    const secure = Object.entries(main.parameters ?? {}).filter(([, p]) => /^secure/.test(p.type));
    expect(secure).toEqual([]);
    expect(main.parameters?.teamsWebhookSecretName?.defaultValue).toBe('teams-webhook-url');
    expect(JSON.stringify(moduleTemplate(main, 'keyVault').resources)).not.toMatch(/vaults\/secrets/);
  });
});
