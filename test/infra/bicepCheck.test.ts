// The offline Bicep check (infra/check/bicepCheck.ts): the templates pass it, and each kind of slip it exists to
// catch is caught in a copy of infra/ with that slip seeded in.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBicep, formatDiagnostic, parseBicep } from '../../infra/check/bicepCheck.js';
import { infraDir } from './support.js';

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** Check a copy of infra/ after replacing `from` with `to` in one file. */
async function checkWith(file: string, from: string | RegExp, to: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bicep-check-'));
  copies.push(dir);
  const copy = join(dir, 'infra');
  cpSync(infraDir, copy, { recursive: true });
  const path = join(copy, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`seed did not apply to ${file}: ${String(from)}`);
  writeFileSync(path, after);
  return checkBicep({ infraDir: copy, displayRoot: dir });
}

describe('bicep fallback check', () => {
  it('passes the templates as they are', async () => {
    const diagnostics = await checkBicep({ infraDir });
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it.each([
    ['syntax', 'app/identity.bicep', 'location: location\n  tags: tags\n}', 'location: location\n  tags: tags\n'],
    ['undefined', 'app/identity.bicep', 'name: name\n', 'name: nmae\n'],
    ['function', 'main.bicep', 'toLower(uniqueString(', 'toLower(uniqeString('],
    ['function', 'types.bicep', "@description('Tags applied", "@descripton('Tags applied"],
    [
      'no-unused-params',
      'app/identity.bicep',
      'param location string\n',
      "param location string\n\n@description('Optional. x')\nparam spare string = ''\n",
    ],
    ['no-unused-vars', 'main.bicep', 'var allTags =', "var spare = 'x'\nvar allTags ="],
    [
      'no-unused-existing-resources',
      'app/function-app.bicep',
      'resource plan ',
      "resource spare 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {\n  name: 'x'\n}\n\nresource plan ",
    ],
    ['module', 'main.bicep', "module identity 'app/identity.bicep'", "module identity 'app/identty.bicep'"],
    ['module', 'main.bicep', '    name: names.identity\n', '    nme: names.identity\n'],
    ['module', 'main.bicep', 'identity.outputs.clientId\n  ARM_ENDPOINT', 'identity.outputs.clientid\n  ARM_ENDPOINT'],
    ['import', 'app/identity.bicep', "import { tagsType } from '../types.bicep'", "import { tagType } from '../types.bicep'"],
    ['load', 'main.bicep', "loadJsonContent('role-actions.json')", "loadJsonContent('role-action.json')"],
    ['resource-type', 'app/identity.bicep', 'userAssignedIdentities@2023-01-31', 'userAssignedIdentities@2023-01-32'],
    [
      'resource-type',
      'app/identity.bicep',
      'Microsoft.ManagedIdentity/userAssignedIdentities@',
      'Microsoft.ManagedIdentity/userAssignedIdentity@',
    ],
    ['description', 'app/identity.bicep', "@description('Required. Azure region.')\n", ''],
    [
      'description',
      'app/identity.bicep',
      "@description('Optional. Tags of the identity.')",
      "@description('Required. Tags of the identity.')",
    ],
    ['description', 'types.bicep', "@description('Optional. Only deliver events", "@description('Only deliver events"],
    [
      'duplicate',
      'app/identity.bicep',
      'param location string\n',
      "param location string\n\n@description('Required. Again.')\nparam location string\n",
    ],
  ])('reports %s (%s)', async (code, file, from, to) => {
    const diagnostics = await checkWith(file, from, to);
    expect(
      diagnostics.map((d) => d.code),
      diagnostics.map(formatDiagnostic).join('\n'),
    ).toContain(code);
  });

  it('reports a template no longer reached from main.bicep', async () => {
    const diagnostics = await checkWith('main.bicep', /module email 'app\/email.bicep'[\s\S]*?\n}\n/, '');
    expect(diagnostics.filter((d) => d.code === 'orphan').map((d) => d.file)).toEqual([join('infra', 'app', 'email.bicep')]);
  });

  it('honours #disable-next-line for the linter codes it mirrors', async () => {
    const seeded = "#disable-next-line no-unused-vars // kept on purpose\nvar spare = 'x'\nvar allTags =";
    const diagnostics = await checkWith('main.bicep', 'var allTags =', seeded);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('points at the line and column of the problem', async () => {
    const diagnostics = await checkWith('app/identity.bicep', 'name: name\n', 'name: nmae\n');
    const [d] = diagnostics;
    expect(d?.file).toBe(join('infra', 'app', 'identity.bicep'));
    expect(d?.line).toBe(16);
    expect(d?.column).toBe(9);
    expect(formatDiagnostic(d!)).toBe("infra/app/identity.bicep:16:9 error undefined: 'nmae' is not declared");
  });

  it('parses a nullable user-typed param followed by a plain statement (tree-sitter-bicep work-around)', async () => {
    const parsed = await parseBicep("param tags tagsType?\nresource r 'A/b@1' = {}\n");
    expect(parsed.root.hasError).toBe(false);
  });
});
