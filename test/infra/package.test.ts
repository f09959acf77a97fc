// The deployment package azd uploads (remoteBuild: true): small, free of node_modules, tests and the simulated estate,
// and complete enough that the platform's remote build (`npm install`, then `npm run build`) produces every function.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFunctionsPackage } from '../../sandbox/package/functionsPackage.js';
import { repoRoot } from './support.js';

const pkg = buildFunctionsPackage(repoRoot);
const MB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'functions-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('deployment package (as azd builds it with remote build)', () => {
  it('is at most 5 MB zipped', () => {
    console.log(
      `package: files=${pkg.files.length} unzipped_mb=${(pkg.unzippedBytes / MB).toFixed(2)} zipped_mb=${(pkg.zip.length / MB).toFixed(2)}`,
    );
    expect(pkg.zip.length).toBeLessThanOrEqual(5 * MB);
    expect(pkg.files.length).toBeGreaterThan(20);
  });

  it('leaves out node_modules, build output, tests, the estate, benchmarks, infra and local settings', () => {
    const excluded = /^(node_modules|dist|test|sandbox|bench|infra|\.ci|\.git|test-output|coverage)\/|^local\.settings/;
    expect(pkg.files.filter((f) => excluded.test(f))).toEqual([]);
  });

  it('carries what the remote build needs: manifest, lockfile, host.json, tsconfigs and every function source', () => {
    expect(pkg.files).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'host.json', 'tsconfig.json', 'tsconfig.build.json']),
    );
    const functions = readdirTs('functions');
    expect(functions.length).toBeGreaterThan(5);
    expect(pkg.files).toEqual(expect.arrayContaining(functions));
  });

  it('builds on the platform: `npm run build` in the unpacked package compiles every function entry package.json names', () => {
    for (const file of pkg.files) {
      mkdirSync(dirname(join(work, file)), { recursive: true });
      writeFileSync(join(work, file), readFileSync(join(repoRoot, file)));
    }
    // Stands in for the platform's `npm install`: the same dependency tree, from this checkout.
    symlinkSync(join(repoRoot, 'node_modules'), join(work, 'node_modules'), 'dir');
    const manifest = JSON.parse(readFileSync(join(work, 'package.json'), 'utf8')) as { scripts: { build: string }; main: string };
    expect(manifest.scripts.build).toBe('tsc -p tsconfig.build.json');
    execFileSync(process.execPath, [join(work, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: work,
      stdio: 'pipe',
    });
    const entries = readdirTs('functions').map((f) => f.replace(/^functions\/(.*)\.ts$/, 'dist/functions/$1.js'));
    // Loading every entry as the host does proves nothing outside the package (e.g. sandbox/) is imported at run time.
    const loaded = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `for (const f of ${JSON.stringify(entries)}) await import('./' + f); console.log('loaded', ${entries.length});`,
      ],
      { cwd: work, encoding: 'utf8', env: { ...process.env, AZURE_FUNCTIONS_ENVIRONMENT: '' } },
    );
    expect(loaded.trim().split('\n').at(-1)).toBe(`loaded ${entries.length}`);
    expect(manifest.main).toBe('dist/functions/*.js');
  }, 120_000);
});

/** The TypeScript files of a project folder, read from the checkout (not from the package under test). */
function readdirTs(dir: string): string[] {
  return readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f}`);
}
