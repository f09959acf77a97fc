// Least privilege, derived from the code and checked both ways: every Azure action the system performs
// (infra/required-actions.json) names the code that performs it, proven to exist and to make the call (codePaths.ts),
// and is granted by a role the Bicep assigns; every role the compiled template assigns (custom roles: every action in
// them) is needed by at least one of those actions, so a grant with no code path fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalValuesOf, parse, print, resourcesOfType } from './arm.js';
import { codePathProblems, declarationText, type CodePath } from './codePaths.js';
import { compiled, readJson, repoRoot } from './support.js';

interface Role {
  readonly id?: string;
  readonly actions: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions: readonly string[];
}
interface RoleCatalog {
  readonly builtInRoles: Record<string, Role & { id: string }>;
  readonly customRoles: Record<string, Role & { description: string }>;
}
interface RequiredAction {
  readonly action: string;
  readonly kind: 'control' | 'data';
  readonly principal: 'app' | 'eventGridTopic' | 'deployer';
  readonly code: CodePath;
  readonly grantedBy: string;
  readonly scope: string;
  readonly why: string;
}
/** A grant behind an opt-in parameter (default off) for a feature the code does not have yet. */
interface OptInGrant extends Omit<RequiredAction, 'code'> {
  readonly parameter: string;
}

const catalog = readJson<RoleCatalog>('infra/role-actions.json');
const requiredFile = readJson<{ actions: RequiredAction[]; optInWithoutCode: OptInGrant[] }>('infra/required-actions.json');
const required = requiredFile.actions;
const optIn = requiredFile.optInWithoutCode;
const roles: Record<string, Role> = { ...catalog.builtInRoles, ...catalog.customRoles };
const main = compiled('main.bicep');
// Every role name the deployment assigns, wherever the compiler put it (module parameters, inlined objects).
const assigned = new Set(literalValuesOf(main, 'roleName'));

/** Azure RBAC matching: case-insensitive, `*` matches any run of characters (including `/`). */
function permits(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}

function grants(role: Role, need: RequiredAction): boolean {
  const allowed = need.kind === 'data' ? role.dataActions : role.actions;
  const denied = need.kind === 'data' ? [] : (role.notActions ?? []);
  return allowed.some((p) => permits(p, need.action)) && !denied.some((p) => permits(p, need.action));
}

describe('RBAC matching', () => {
  it.each([
    ['*/read', 'Microsoft.ResourceGraph/resources/read', true],
    ['*/read', 'Microsoft.DataProtection/backupVaults/backupInstances/backup/action', false],
    ['Microsoft.DataProtection/backupVaults/*/read', 'Microsoft.DataProtection/backupVaults/backupJobs/read', true],
    ['Microsoft.DataProtection/backupVaults/*/read', 'Microsoft.DataProtection/backupVaults/read', false],
    [
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*',
      'microsoft.storage/storageaccounts/blobservices/containers/blobs/write',
      true,
    ],
    ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/setSecret/action', false],
  ])('%s permits %s: %s', (pattern, action, expected) => {
    expect(permits(pattern, action)).toBe(expected);
  });
});

describe('required actions', () => {
  it('lists actions, each with a code path, a role, a scope and why', () => {
    expect(required.length).toBeGreaterThan(10);
    for (const r of required) {
      expect(r.action, JSON.stringify(r)).toMatch(/^Microsoft\.[A-Za-z]+\/[\w/.*-]+$/);
      expect(r.why.length, r.action).toBeGreaterThan(10);
      expect(['control', 'data'], r.action).toContain(r.kind);
      expect(r.scope.length, r.action).toBeGreaterThan(0);
    }
  });

  it.each(required.map((r) => [r.action, r.grantedBy, r] as const))(
    '%s is granted by %s, a role the Bicep assigns',
    (_a, roleName, need) => {
      const role = roles[roleName];
      expect(role, `${roleName} is not in infra/role-actions.json`).toBeDefined();
      expect(assigned.has(roleName), `no roleName: '${roleName}' in the Bicep`).toBe(true);
      expect(role && grants(role, need), `${roleName} does not grant ${need.kind} action ${need.action}`).toBe(true);
    },
  );

  it.each(required.map((r) => [r.action, `${r.code?.file} ${r.code?.symbol}`, r] as const))(
    '%s is performed by %s, which exists and makes the call',
    (_a, _where, need) => {
      expect(codePathProblems(need.code)).toEqual([]);
    },
  );

  it('proves code paths for real: a missing method, a call the method does not make, a private file are caught', () => {
    const file = 'shared/adapters/dataProtection/client.ts';
    expect(codePathProblems({ file, symbol: 'DataProtectionClient.adhocBackup', calls: ["'backup'"] })).toEqual([]);
    expect(codePathProblems({ file, symbol: 'DataProtectionClient.runRestoreDrill', calls: ["'restore'"] })).toEqual([
      `DataProtectionClient.runRestoreDrill is not declared (exported) in ${file}`,
    ]);
    // The fragment must be in the method's own text: triggerRestore's 'restore' does not prove adhocBackup restores.
    expect(codePathProblems({ file, symbol: 'DataProtectionClient.adhocBackup', calls: ["'restore'"] })).toHaveLength(1);
    expect(codePathProblems({ file: 'shared/nope.ts', symbol: 'x', calls: ['y'] })).toEqual(['shared/nope.ts does not exist']);
    expect(codePathProblems(undefined)).toHaveLength(1);
    const source = readFileSync(join(repoRoot, file), 'utf8');
    expect(declarationText(source, file, 'recoveryPointFilter')).toMatch(/^export function recoveryPointFilter/);
    expect(declarationText(source, file, 'PROVIDER')).toBeUndefined(); // not exported, not a function
  });
});

/** Every way the grants and the code disagree: a role or custom-role action granted that no proven code path needs. */
function grantProblems(
  assignedRoles: ReadonlySet<string>,
  needs: readonly RequiredAction[],
  customRoles: RoleCatalog['customRoles'],
): string[] {
  const proven = needs.filter((n) => codePathProblems(n.code).length === 0);
  const problems: string[] = [];
  for (const name of assignedRoles) {
    const byRole = proven.filter((n) => n.grantedBy === name);
    const optedIn = optIn.some((o) => o.grantedBy === name);
    if (byRole.length === 0 && !optedIn) problems.push(`${name} is granted but no code path needs it`);
    const custom = customRoles[name];
    for (const action of custom ? [...custom.actions, ...custom.dataActions] : []) {
      if (!byRole.some((n) => permits(action, n.action))) problems.push(`${name} grants ${action} but no code path performs it`);
    }
  }
  return problems;
}

describe('grants derived from the code', () => {
  it('grants nothing that no code path needs', () => {
    expect(grantProblems(assigned, required, catalog.customRoles)).toEqual([]);
  });

  it('fails when a granted action loses its code path, or a role grows an action no code performs', () => {
    const op = 'Backup Autopilot Backup Operator';
    const withoutJobs = required.filter((r) => !(r.grantedBy === op && r.action.endsWith('/backupJobs/read')));
    expect(grantProblems(assigned, withoutJobs, catalog.customRoles)).toEqual([
      `${op} grants Microsoft.DataProtection/backupVaults/backupJobs/read but no code path performs it`,
    ]);
    const broken = required.map((r) =>
      r.grantedBy === 'EventGrid Data Sender' ? { ...r, code: { ...r.code, symbol: 'Gone.publish' } } : r,
    );
    expect(grantProblems(assigned, broken, catalog.customRoles)).toEqual(['EventGrid Data Sender is granted but no code path needs it']);
    const restore = 'Microsoft.DataProtection/backupVaults/backupInstances/restore/action';
    const grown = {
      ...catalog.customRoles,
      [op]: { ...catalog.customRoles[op]!, actions: [...catalog.customRoles[op]!.actions, restore] },
    };
    expect(grantProblems(assigned, required, grown)).toEqual([`${op} grants ${restore} but no code path performs it`]);
  });

  it('grants nothing for the restore drill, which has not shipped: no restore, validateRestore or AKS run command', () => {
    const drill = [
      'Microsoft.DataProtection/backupVaults/backupInstances/restore/action',
      'Microsoft.DataProtection/backupVaults/backupInstances/validateRestore/action',
      'Microsoft.ContainerService/managedClusters/runCommand/action',
      'Microsoft.ContainerService/managedClusters/commandResults/read',
      'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action',
    ];
    for (const name of assigned) {
      const role = roles[name]!;
      for (const action of drill) {
        // A built-in reader's */read covers commandResults/read where it is assigned; no role here grants an action.
        const expected = action.endsWith('/read') && !catalog.customRoles[name] && role.actions.includes('*/read');
        expect(grants(role, { action, kind: 'control' } as RequiredAction), `${name} grants ${action}`).toBe(expected);
      }
    }
    expect(JSON.stringify(main)).not.toMatch(/runcommand|managedClusters\/commandResults|restore\/action|aksClusterResourceIds/i);
    expect(required.map((r) => r.action).filter((a) => drill.some((d) => d.toLowerCase() === a.toLowerCase()))).toEqual([]);
  });

  it.each(optIn.map((o) => [o.grantedBy, o.parameter, o] as const))(
    'grants %s without code only behind the opt-in %s (default off)',
    (roleName, parameter, grant) => {
      expect(grants(roles[roleName]!, grant as unknown as RequiredAction)).toBe(true);
      const bicep = readFileSync(join(repoRoot, 'infra/main.bicep'), 'utf8');
      expect(bicep).toContain(`(account.?${parameter} ?? false)`);
      expect(required.some((r) => r.action === grant.action && r.grantedBy === roleName && r.scope === grant.scope)).toBe(false);
    },
  );
});

describe('assigned roles', () => {
  it('assigns only roles described in role-actions.json', () => {
    expect(assigned.size).toBeGreaterThan(5);
    expect([...assigned].filter((r) => !roles[r])).toEqual([]);
  });

  it('assigns no role that no required action needs (no excess privilege)', () => {
    const needed = new Set([...required, ...optIn].map((r) => r.grantedBy));
    expect([...assigned].filter((r) => !needed.has(r))).toEqual([]);
  });

  it('keeps custom roles to exactly the actions the code performs', () => {
    for (const [name, role] of Object.entries(catalog.customRoles)) {
      const needs = required.filter((r) => r.grantedBy === name);
      const unused = [...role.actions, ...role.dataActions].filter((a) => !needs.some((n) => permits(a, n.action)));
      expect(unused, name).toEqual([]);
      expect(
        role.actions.some((a) => a.includes('*')),
        `${name} must not use wildcards`,
      ).toBe(false);
    }
  });

  it('grants the app backup re-run through the custom role, not Backup Contributor', () => {
    expect(assigned.has('Backup Autopilot Backup Operator')).toBe(true);
    expect(assigned.has('Backup Contributor')).toBe(false);
    expect(assigned.has('Contributor')).toBe(false);
    expect(assigned.has('Owner')).toBe(false);
  });

  it('creates the custom roles from the same list the tests read', () => {
    const file = readJson<RoleCatalog>('infra/role-actions.json');
    const customRoles = compiled('modules/custom-roles.bicep');
    expect(customRoles.variables?.['$fxv#0']).toEqual(file);
    expect(customRoles.variables?.customRoles).toBe("[variables('$fxv#0').customRoles]");
    expect(main.variables?.['$fxv#0']).toEqual(file);
    expect(main.variables?.builtInRoles).toBe("[variables('$fxv#0').builtInRoles]");
  });

  it('has well-formed, distinct built-in role GUIDs', () => {
    const ids = Object.values(catalog.builtInRoles).map((r) => r.id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Spot checks against the facts sheet (§6).
    expect(catalog.builtInRoles['Storage Blob Data Owner']?.id).toBe('b7e6dc6d-f1e8-4753-8033-0f276bb0955b');
    expect(catalog.builtInRoles['EventGrid Data Sender']?.id).toBe('d5a91429-5739-47e2-a06b-3470a27159e7');
    expect(catalog.builtInRoles['Key Vault Secrets User']?.id).toBe('4633458b-17de-408a-b874-0445c86b69e6');
  });

  it('names every role assignment after guid(scope, principal, role) and gives it the principal type', () => {
    const assignments = resourcesOfType(main, 'Microsoft.Authorization/roleAssignments');
    expect(assignments.length).toBeGreaterThan(5);
    for (const { symbol, resource: r } of assignments) {
      // Every role assignment in the templates is a typed loop over role assignment objects.
      const list = /^length\(((?:parameters|variables)\('\w+'\))\)$/.exec(print(parse(r.copy?.count ?? '')))?.[1];
      expect(list, `${symbol}: not a loop over a list of role assignments`).toBeDefined();
      // A loop over role assignments, or over container grants that each carry one (`.assignment`).
      const name = print(parse(r.name));
      const item = name.includes(`${list}[copyIndex()].assignment.`) ? `${list}[copyIndex()].assignment` : `${list}[copyIndex()]`;
      expect(name, symbol).toMatch(/^guid\(/);
      expect(name, symbol).toContain(`${item}.principalId`);
      expect(name, symbol).toContain(`parameters('roleDefinitionGuids')[${item}.roleName]`);
      const props = r.properties as Record<string, string>;
      expect(print(parse(props.principalType)), symbol).toBe(`${item}.principalType`);
      expect(print(parse(props.description)), symbol).toBe(`${item}.description`);
    }
  });
});
