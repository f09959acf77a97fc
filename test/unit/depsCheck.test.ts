// The dependency check (sandbox/deps/depsCheck.ts): licences per dependency kind, install scripts, known-vulnerable
// ranges with dev-only acceptances, on small lockfiles; and this project's own lockfile against the repo's files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDependencies, packageName, type Lockfile, type Policy } from '../../sandbox/deps/depsCheck.js';

const policy: Policy = {
  licenses: { runtime: ['MIT', 'Apache-2.0'], dev: ['MIT', 'Apache-2.0', 'MPL-2.0'], exceptions: { 'odd-licence': 'reviewed' } },
  advisories: [{ id: 'GHSA-test', package: 'semver', vulnerable: '>=7.0.0 <7.5.2', summary: 'ReDoS' }],
  accepted: { 'semver@7.5.1': 'dev only' },
  scripts: { esbuild: 'downloads its native binary' },
};
const lock = (packages: Lockfile['packages']): Lockfile => ({ packages: { '': {}, ...packages } });
const kinds = (l: Lockfile) => checkDependencies(l, policy).map((f) => `${f.kind} ${f.package}@${f.version}`);

describe('dependency check', () => {
  it('allows the listed licences, including an SPDX OR with one allowed branch', () => {
    expect(
      kinds(
        lock({
          'node_modules/a': { version: '1.0.0', license: 'MIT' },
          'node_modules/b': { version: '1.0.0', license: '(GPL-3.0 OR Apache-2.0)' },
          'node_modules/c': { version: '1.0.0', license: 'MPL-2.0', dev: true },
          'node_modules/odd-licence': { version: '1.0.0', license: 'SEE LICENSE IN x' },
        }),
      ),
    ).toEqual([]);
  });

  it('flags a licence not allowed for its kind: MPL-2.0 is fine for dev, not for runtime; GPL for neither', () => {
    expect(
      kinds(
        lock({
          'node_modules/mpl': { version: '2.0.0', license: 'MPL-2.0' },
          'node_modules/gpl': { version: '1.0.0', license: 'GPL-3.0', dev: true },
          'node_modules/both': { version: '1.0.0', license: 'MIT AND GPL-2.0' },
          'node_modules/none': { version: '1.0.0' },
        }),
      ),
    ).toEqual(['licence both@1.0.0', 'licence gpl@1.0.0', 'licence mpl@2.0.0', 'licence none@1.0.0']);
  });

  it('flags install scripts unless allowed', () => {
    expect(
      kinds(
        lock({
          'node_modules/esbuild': { version: '0.25.0', license: 'MIT', hasInstallScript: true, dev: true },
          'node_modules/sneaky': { version: '1.0.0', license: 'MIT', hasInstallScript: true },
        }),
      ),
    ).toEqual(['install-script sneaky@1.0.0']);
  });

  it('flags versions inside an advisory range only, nested copies too, and accepts a dev-only exception at that exact version', () => {
    expect(
      kinds(
        lock({
          'node_modules/semver': { version: '7.5.2', license: 'MIT' },
          'node_modules/x/node_modules/semver': { version: '7.3.0', license: 'MIT' },
          'node_modules/y/node_modules/semver': { version: '7.5.1', license: 'MIT', dev: true },
          'node_modules/z/node_modules/semver': { version: '7.5.1', license: 'MIT' },
          'node_modules/w/node_modules/semver': { version: '6.3.0', license: 'MIT' },
        }),
      ),
    ).toEqual(['advisory semver@7.3.0', 'advisory semver@7.5.1']);
    const runtime = checkDependencies(lock({ 'node_modules/semver': { version: '7.5.1', license: 'MIT' } }), policy);
    expect(runtime[0]?.detail).toMatch(/accepted in advisories\.json, but it ships at runtime/);
  });

  it('names nested and scoped packages by their own name', () => {
    expect(packageName('node_modules/a/node_modules/@azure/core-auth')).toBe('@azure/core-auth');
    expect(packageName('node_modules/zod')).toBe('zod');
  });

  it("passes this project's lockfile against the repo's policy files", () => {
    const read = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T;
    const advisories = read<{ advisories: Policy['advisories']; accepted: Record<string, string> }>('.ci/deps/advisories.json');
    const findings = checkDependencies(read<Lockfile>('package-lock.json'), {
      licenses: read('.ci/deps/licenses.json'),
      advisories: advisories.advisories,
      accepted: advisories.accepted,
      scripts: read<{ allowed: Record<string, string> }>('.ci/deps/scripts.json').allowed,
    });
    expect(findings).toEqual([]);
    expect(advisories.advisories.length).toBeGreaterThan(20);
  });
});
