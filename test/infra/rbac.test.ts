// Least privilege, checked both ways: every Azure action the system performs (infra/required-actions.json) is
// granted by a role the Bicep assigns, and every role the Bicep assigns (custom roles: every action in them) is
// needed by at least one of those actions.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { literalValuesOf, parse, print, resourcesOfType } from './arm.js';
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
  readonly codePath: string;
  readonly grantedBy: string;
  readonly scope: string;
}

const catalog = readJson<RoleCatalog>('infra/role-actions.json');
const required = readJson<{ actions: RequiredAction[] }>('infra/required-actions.json').actions;
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
  it('lists actions, each with a code path, a role and a scope', () => {
    expect(required.length).toBeGreaterThan(10);
    for (const r of required) {
      expect(r.action, JSON.stringify(r)).toMatch(/^Microsoft\.[A-Za-z]+\/[\w/.*-]+$/);
      expect(r.codePath.length, r.action).toBeGreaterThan(10);
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

  it('points at code that exists: the file, and the functions it names', () => {
    for (const r of required.filter((x) => /^(shared|functions)\//.test(x.codePath))) {
      const [path = '', ...rest] = r.codePath.split(' ');
      expect(existsSync(join(repoRoot, path)), `${r.action}: ${path}`).toBe(true);
      const source = readFileSync(join(repoRoot, path), 'utf8');
      for (const name of rest.join(' ').match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? []) {
        expect(source, `${r.action}: ${name} in ${path}`).toContain(name);
      }
    }
  });
});

describe('assigned roles', () => {
  it('assigns only roles described in role-actions.json', () => {
    expect(assigned.size).toBeGreaterThan(5);
    expect([...assigned].filter((r) => !roles[r])).toEqual([]);
  });

  it('assigns no role that no required action needs (no excess privilege)', () => {
    const needed = new Set(required.map((r) => r.grantedBy));
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

  it('grants the app backup re-run and restore through the custom role, not Backup Contributor', () => {
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
