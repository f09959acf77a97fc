// A dependency check that works without the npm audit service (the registry this project reaches answers 405): every
// package in package-lock.json is checked against three files kept in the repo (.ci/deps/):
//   licenses.json    the licences allowed, per dependency kind (runtime vs dev), and per-package exceptions with a reason;
//   advisories.json  known-vulnerable version ranges (GHSA/CVE ids), curated by hand from public advisories;
//   scripts.json     packages allowed to run install scripts (preinstall/install/postinstall), with a reason.
// It sees what the lockfile and those files say; it cannot see advisories published after the file was last updated,
// malicious code no advisory names yet, or what an allowed install script actually does.
import semver from 'semver';

export interface LockPackage {
  readonly version?: string;
  readonly license?: string | { type?: string };
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly hasInstallScript?: boolean;
}

export interface Lockfile {
  readonly packages: Record<string, LockPackage>;
}

export interface LicensePolicy {
  /** SPDX ids allowed for packages the app ships (runtime dependencies). */
  readonly runtime: readonly string[];
  /** SPDX ids allowed for dev-only packages (tests, build, the local estate). */
  readonly dev: readonly string[];
  /** Package name → why its licence is accepted although it is not in the lists. */
  readonly exceptions: Readonly<Record<string, string>>;
}

export interface Advisory {
  readonly id: string;
  readonly package: string;
  /** A semver range of affected versions, e.g. `>=7.0.0 <7.5.2`. */
  readonly vulnerable: string;
  readonly summary: string;
}

export interface Finding {
  readonly package: string;
  readonly version: string;
  readonly kind: 'licence' | 'advisory' | 'install-script';
  readonly detail: string;
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
export const packageName = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

const licenceOf = (p: LockPackage): string => (typeof p.license === 'string' ? p.license : (p.license?.type ?? 'UNKNOWN'));

/** An SPDX expression is allowed when every alternative of an OR has an allowed id, or when one OR branch is allowed. */
function licenceAllowed(expression: string, allowed: readonly string[]): boolean {
  const clean = expression.replace(/[()]/g, ' ').trim();
  return clean.split(/\s+OR\s+/i).some((branch) => branch.split(/\s+AND\s+/i).every((id) => allowed.includes(id.trim())));
}

export interface Policy {
  readonly licenses: LicensePolicy;
  readonly advisories: readonly Advisory[];
  /** `name@version` → why an advisory is accepted; only ever for a dev-only package at that exact version. */
  readonly accepted?: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
}

export function checkDependencies(lock: Lockfile, policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const [path, p] of Object.entries(lock.packages)) {
    if (path === '' || !path.includes('node_modules/')) continue;
    const name = packageName(path);
    const version = p.version ?? '0.0.0';
    const licence = licenceOf(p);
    const allowed = p.dev ? policy.licenses.dev : policy.licenses.runtime;
    if (!licenceAllowed(licence, allowed) && !(name in policy.licenses.exceptions)) {
      findings.push({
        package: name,
        version,
        kind: 'licence',
        detail: `${licence} is not allowed for a ${p.dev ? 'dev' : 'runtime'} dependency`,
      });
    }
    if (p.hasInstallScript && !(name in policy.scripts)) {
      findings.push({
        package: name,
        version,
        kind: 'install-script',
        detail: 'runs an install script and is not in .ci/deps/scripts.json',
      });
    }
    for (const a of policy.advisories) {
      if (a.package !== name || !semver.satisfies(version, a.vulnerable, { includePrerelease: true })) continue;
      const acceptance = policy.accepted?.[`${name}@${version}`];
      if (acceptance !== undefined && p.dev) continue;
      const why = acceptance !== undefined ? ' — accepted in advisories.json, but it ships at runtime: not acceptable' : '';
      findings.push({ package: name, version, kind: 'advisory', detail: `${a.id}: ${a.summary} (affected ${a.vulnerable})${why}` });
    }
  }
  return findings.sort((x, y) => x.package.localeCompare(y.package) || x.kind.localeCompare(y.kind));
}
