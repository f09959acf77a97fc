// The deployment package as azd builds it for a Function App: every file of the project except what .funcignore
// (gitignore syntax) excludes, zipped. With `remoteBuild: true` azd uploads the project as it is and the platform runs
// `npm install` and `npm run build`, so there is no local build step here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore from 'ignore';
import { zip, type ZipEntry } from './zip.js';

export interface FunctionsPackage {
  /** Paths relative to the project root, with `/` separators, sorted. */
  readonly files: readonly string[];
  readonly unzippedBytes: number;
  readonly zip: Buffer;
}

/** Files azd never packages whatever the ignore file says (its own state and VCS metadata). */
const ALWAYS_EXCLUDED = ['.git/', '.azure/'];

export function listPackageFiles(root: string, funcignore = readFileSync(join(root, '.funcignore'), 'utf8')): string[] {
  const rules = ignore().add(ALWAYS_EXCLUDED).add(funcignore);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!rules.ignores(`${rel}/`)) walk(path);
      } else if (entry.isFile() && !rules.ignores(rel)) {
        files.push(rel);
      }
    }
  };
  walk(root);
  return files.sort();
}

export function buildFunctionsPackage(root: string, funcignore?: string): FunctionsPackage {
  const files = listPackageFiles(root, funcignore);
  const entries: ZipEntry[] = files.map((name) => ({
    name,
    data: readFileSync(join(root, name)),
    mtime: statSync(join(root, name)).mtime,
  }));
  return { files, unzippedBytes: entries.reduce((n, e) => n + e.data.length, 0), zip: zip(entries) };
}
