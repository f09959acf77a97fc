// Shared by the infra tests: where things are, and every template compiled by the real Bicep compiler (the version
// pinned in infra/compiler/bicep-cli.csproj, restored by .ci/bicep.sh). There is no fallback: without the compiler
// the infra tests fail and say why.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArmTemplate } from './arm.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const infraDir = join(repoRoot, 'infra');

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as T;

/** Every file under infra/ (relative, `/`-separated), sorted. */
export function infraFiles(ext: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(ext)) out.push(relative(infraDir, p).split(sep).join('/'));
    }
  };
  walk(infraDir);
  return out.sort();
}

/** The compiler's path; restores it on first use. Throws with .ci/bicep.sh's reason when it cannot. */
export function bicepPath(): string {
  try {
    return execFileSync('bash', [join(repoRoot, '.ci/bicep.sh'), 'path'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`The Bicep compiler is not available: ${err.stderr?.trim() || err.message}`, { cause: e });
  }
}

let compiledDir: string | undefined;

/**
 * Compiles every template once per content (infra/ sources, the compiler version) into node_modules/.cache, so the
 * infra test files, each in its own process, share one build. The directory is made complete, then renamed into
 * place, so a concurrent test file never reads half a build.
 */
function compiledRoot(): string {
  if (compiledDir) return compiledDir;
  const hash = createHash('sha256');
  for (const f of [...infraFiles('.bicep'), ...infraFiles('.json'), ...infraFiles('.csproj')]) {
    hash.update(f).update(readFileSync(join(infraDir, f)));
  }
  const cache = join(repoRoot, 'node_modules/.cache/bicep-arm');
  const dir = join(cache, hash.digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'main.json'))) {
    mkdirSync(cache, { recursive: true });
    const tmp = mkdtempSync(join(cache, 'build-'));
    const bin = bicepPath();
    try {
      execFileSync(bin, ['build', '--pattern', 'infra/**/*.bicep', '--outdir', tmp], { cwd: repoRoot, stdio: 'pipe' });
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      const err = e as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`bicep build failed:\n${String(err.stdout ?? '')}${String(err.stderr ?? '')}`, { cause: e });
    }
    writeFileSync(join(tmp, '.complete'), '');
    try {
      renameSync(tmp, dir);
    } catch {
      // Another test file finished the same build first.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  compiledDir = dir;
  return dir;
}

/** The compiled ARM template of an infra file, e.g. `compiled('main.bicep')`, `compiled('app/storage.bicep')`. */
export function compiled(relativePath: string): ArmTemplate {
  return JSON.parse(readFileSync(join(compiledRoot(), relativePath.replace(/\.bicep$/, '.json')), 'utf8')) as ArmTemplate;
}

/** The Bicep source of an infra file (for what only the source shows: comments, suppressions). */
export const source = (relativePath: string): string => readFileSync(join(infraDir, relativePath), 'utf8');
