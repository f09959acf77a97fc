// The real Bicep compiler over every template, when this machine has one: `bicep` on PATH (or BICEP_BIN), the Azure
// CLI's `az bicep`, or the copy .ci/bicep.sh caches from NuGet. Without any of them the test is skipped and says so
// (the offline check in bicepCheck.test.ts still runs); with BICEP_REQUIRE_COMPILER=1 a missing compiler fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bicepFiles } from '../../infra/check/bicepCheck.js';
import { infraDir } from './support.js';

interface Compiler {
  readonly describe: string;
  readonly build: (file: string, outDir: string) => readonly string[];
  readonly command: string;
}

const runs = (command: string, args: readonly string[]) => spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 }).status === 0;

function findCompiler(): Compiler | undefined {
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'bicep', 'bin', 'bicep');
  const candidates = [process.env.BICEP_BIN, 'bicep', cache].filter((c): c is string => !!c);
  for (const bin of candidates) {
    if (runs(bin, ['--version'])) {
      return { describe: bin, command: bin, build: (file, outDir) => ['build', file, '--outdir', outDir] };
    }
  }
  if (runs('az', ['bicep', 'version'])) {
    return { describe: 'az bicep', command: 'az', build: (file, outDir) => ['bicep', 'build', '--file', file, '--outdir', outDir] };
  }
  return undefined;
}

const compiler = findCompiler();
const required = process.env.BICEP_REQUIRE_COMPILER === '1';
if (!compiler) {
  console.warn(
    'bicep.test.ts: no Bicep compiler found (BICEP_BIN, `bicep` on PATH, `az bicep`, or the NuGet copy cached by ' +
      '.ci/bicep.sh): the real build is SKIPPED; only the offline check (bicepCheck.test.ts) ran.',
  );
}

const outDir = mkdtempSync(join(tmpdir(), 'bicep-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('real Bicep compiler', () => {
  it('is available when BICEP_REQUIRE_COMPILER=1', () => {
    expect(required && !compiler ? 'missing' : 'ok', 'BICEP_REQUIRE_COMPILER=1 but no Bicep compiler was found').toBe('ok');
  });

  it.skipIf(!compiler)(
    'builds every template to an ARM template',
    () => {
      const c = compiler!;
      const files = bicepFiles(infraDir);
      expect(files.length).toBeGreaterThan(5);
      for (const file of files) {
        const result = spawnSync(c.command, c.build(file, outDir), { encoding: 'utf8', timeout: 120_000 });
        expect(result.status, `${c.describe} build ${file}\n${result.stdout}${result.stderr}`).toBe(0);
        const json = join(outDir, basename(file).replace(/\.bicep$/, '.json'));
        expect(existsSync(json), json).toBe(true);
        const template = JSON.parse(readFileSync(json, 'utf8')) as { $schema?: string };
        expect(template.$schema, json).toMatch(/deploymentTemplate\.json#$/);
      }
    },
    600_000,
  );
});
