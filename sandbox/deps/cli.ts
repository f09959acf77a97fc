// `npm run deps:check`: package-lock.json against .ci/deps/{licenses,advisories,scripts}.json (sandbox/deps/depsCheck.ts).
// Prints each finding and a summary line; exit 1 when there is any.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDependencies, type Advisory, type LicensePolicy, type Lockfile } from './depsCheck.js';

const root = process.cwd();
const read = <T>(path: string): T => JSON.parse(readFileSync(join(root, path), 'utf8')) as T;
const lock = read<Lockfile>('package-lock.json');
const known = read<{ advisories: Advisory[]; accepted?: Record<string, string> }>('.ci/deps/advisories.json');
const findings = checkDependencies(lock, {
  licenses: read<LicensePolicy>('.ci/deps/licenses.json'),
  advisories: known.advisories,
  accepted: known.accepted ?? {},
  scripts: read<{ allowed: Record<string, string> }>('.ci/deps/scripts.json').allowed,
});
for (const f of findings) console.log(`deps: ${f.kind} ${f.package}@${f.version}: ${f.detail}`);
const total = Object.keys(lock.packages).filter((p) => p.includes('node_modules/')).length;
console.log(`deps check: packages=${total} findings=${findings.length}`);
process.exitCode = findings.length > 0 ? 1 : 0;
