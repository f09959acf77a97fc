// Command-line parsing for the run-command kubectl: shell-ish tokens, `&&`/`;` chains and the handful of flags
// the product uses. Anything else is rejected the way kubectl rejects it, so a typo fails like it would on AKS.

export interface KubectlArgs {
  readonly verb: string;
  readonly positional: readonly string[];
  readonly namespace: string | undefined;
  readonly output: string | undefined;
  readonly allNamespaces: boolean;
  readonly wait: boolean;
  readonly ignoreNotFound: boolean;
  readonly overwrite: boolean;
}

/** Splits a command line into commands joined by `&&` (stop on failure) or `;` (always continue). */
export function splitChain(line: string): { command: string; onlyIfOk: boolean }[] {
  const parts: { command: string; onlyIfOk: boolean }[] = [];
  let onlyIfOk = false;
  for (const piece of line.split(/(&&|;)/)) {
    if (piece === '&&' || piece === ';') {
      onlyIfOk = piece === '&&';
      continue;
    }
    if (piece.trim() !== '') parts.push({ command: piece.trim(), onlyIfOk });
  }
  return parts;
}

export function tokenize(command: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of command.matchAll(pattern)) tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
  return tokens;
}

export class KubectlUsageError extends Error {}

/** Flags that take a value, by every spelling kubectl accepts. */
const VALUE_FLAGS: Record<string, 'namespace' | 'output'> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '-o': 'output',
  '--output': 'output',
};

export function parseKubectl(tokens: readonly string[]): KubectlArgs {
  const [verb = '', ...rest] = tokens;
  const positional: string[] = [];
  const values: { namespace?: string; output?: string } = {};
  let allNamespaces = false;
  let wait = true;
  let ignoreNotFound = false;
  let overwrite = false;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] ?? '';
    if (!token.startsWith('-')) {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    // Short flags glued to their value: -nshop, -ojson.
    const glued = /^-([no])(.+)$/.exec(token);
    if (glued && eq < 0) {
      values[glued[1] === 'n' ? 'namespace' : 'output'] = glued[2] ?? '';
    } else if (VALUE_FLAGS[flag]) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new KubectlUsageError(`error: flag needs an argument: '${flag.replace(/^-+/, '')}' in ${flag}`);
      values[VALUE_FLAGS[flag]] = value;
    } else if (flag === '-A' || flag === '--all-namespaces') {
      allNamespaces = true;
    } else if (flag === '--wait') {
      wait = inline === undefined || inline === 'true';
    } else if (flag === '--overwrite') {
      overwrite = inline === undefined || inline === 'true';
    } else if (flag === '--ignore-not-found') {
      ignoreNotFound = inline === undefined || inline === 'true';
    } else {
      throw new KubectlUsageError(`error: unknown flag: ${flag}\nSee 'kubectl ${verb} --help' for usage.`);
    }
  }
  return { verb, positional, namespace: values.namespace, output: values.output, allNamespaces, wait, ignoreNotFound, overwrite };
}

const KINDS: Record<string, string> = {
  ns: 'namespaces',
  namespace: 'namespaces',
  namespaces: 'namespaces',
  po: 'pods',
  pod: 'pods',
  pods: 'pods',
  deploy: 'deployments',
  deployment: 'deployments',
  deployments: 'deployments',
  svc: 'services',
  service: 'services',
  services: 'services',
  cm: 'configmaps',
  configmap: 'configmaps',
  configmaps: 'configmaps',
  pvc: 'pvc',
  persistentvolumeclaim: 'pvc',
  persistentvolumeclaims: 'pvc',
  pv: 'pv',
  persistentvolume: 'pv',
  persistentvolumes: 'pv',
  all: 'all',
};

/** Canonical resource kind, or undefined for one the simulated cluster does not know. */
export const kindOf = (word: string | undefined): string | undefined => (word === undefined ? undefined : KINDS[word.toLowerCase()]);
