// A small evaluator of ARM template expressions: the functions the compiled templates use for their own logic (which
// subscriptions get an alert rule, which role assignments a pass makes), with parameters supplied by the test, so the
// tests check what a deployment would do with a given estate, not only how the template reads. reference() and
// resourceId-like functions give placeholders: their values come from Azure at deployment time.
import { createHash } from 'node:crypto';
import { isExpression, parse, type ArmTemplate, type Expr } from './arm.js';

export interface EvalContext {
  readonly template: ArmTemplate;
  readonly parameters: Record<string, unknown>;
  /** The deployment's subscription GUID (subscription().subscriptionId). */
  readonly subscriptionId: string;
  readonly copyIndex?: number;
}

type Fn = (args: readonly Expr[], ctx: EvalContext, scope: Scope) => unknown;
type Scope = ReadonlyMap<string, unknown>;

/** Placeholder for a value ARM only knows at deployment (a module output, a resource property). */
export class Deferred {
  constructor(readonly path: string) {}
  toString(): string {
    return `<${this.path}>`;
  }
}

export function evaluate(value: unknown, ctx: EvalContext, scope: Scope = new Map()): unknown {
  if (typeof value === 'string' && isExpression(value)) return evalExpr(parse(value), ctx, scope);
  if (typeof value === 'string' && value.startsWith('[[')) return value.slice(1);
  if (Array.isArray(value)) return value.map((v) => evaluate(v, ctx, scope));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, ctx, scope)]));
  return value;
}

/** A template variable's value. */
export function variable(ctx: EvalContext, name: string): unknown {
  const vars = ctx.template.variables ?? {};
  if (!(name in vars)) throw new Error(`no variable '${name}'`);
  return evaluate(vars[name], ctx);
}

function evalExpr(e: Expr, ctx: EvalContext, scope: Scope): unknown {
  switch (e.kind) {
    case 'string':
    case 'number':
      return e.value;
    case 'property': {
      const target = evalExpr(e.target, ctx, scope);
      if (target instanceof Deferred) return new Deferred(`${target.path}.${e.name}`);
      if (target && typeof target === 'object' && e.name in target) return (target as Record<string, unknown>)[e.name];
      throw new Error(`no property '${e.name}' on ${JSON.stringify(target)}`);
    }
    case 'index': {
      const target = evalExpr(e.target, ctx, scope);
      const index = evalExpr(e.index, ctx, scope);
      if (target instanceof Deferred) return new Deferred(`${target.path}[${String(index)}]`);
      if (Array.isArray(target) && typeof index === 'number') {
        if (index < 0 || index >= target.length) throw new Error(`index ${index} out of range (${target.length})`);
        return target[index];
      }
      if (target && typeof target === 'object' && typeof index === 'string') return (target as Record<string, unknown>)[index];
      throw new Error(`cannot index ${JSON.stringify(target)} with ${JSON.stringify(index)}`);
    }
    case 'call': {
      const fn = FUNCTIONS[e.name.toLowerCase()];
      if (!fn) throw new Error(`armEval: function ${e.name}() is not modelled`);
      return fn(e.args, ctx, scope);
    }
  }
}

const ev = (args: readonly Expr[], ctx: EvalContext, scope: Scope) => args.map((a) => evalExpr(a, ctx, scope));
const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Error(`string expected, got ${JSON.stringify(v)}`);
  return v;
};
const arr = (v: unknown): unknown[] => {
  if (!Array.isArray(v)) throw new Error(`array expected, got ${JSON.stringify(v)}`);
  return v;
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A lambda('x', 'y', body) applied to arguments. */
function apply(lambda: Expr | undefined, values: unknown[], ctx: EvalContext, scope: Scope): unknown {
  if (lambda?.kind !== 'call' || lambda.name !== 'lambda') throw new Error('lambda expected');
  const names = lambda.args.slice(0, -1).map((a) => (a.kind === 'string' ? a.value : ''));
  const inner = new Map(scope);
  names.forEach((n, i) => inner.set(n, values[i]));
  return evalExpr(lambda.args.at(-1) as Expr, ctx, inner);
}

const FUNCTIONS: Record<string, Fn> = {
  parameters: (a, c, s) => {
    const name = str(evalExpr(a[0] as Expr, c, s));
    if (name in c.parameters) return c.parameters[name];
    const def = c.template.parameters?.[name];
    if (def && 'defaultValue' in def) return evaluate(def.defaultValue, c);
    throw new Error(`parameter '${name}' has no value`);
  },
  variables: (a, c, s) => variable(c, str(evalExpr(a[0] as Expr, c, s))),
  lambdavariables: (a, c, s) => {
    const name = str(evalExpr(a[0] as Expr, c, s));
    if (!s.has(name)) throw new Error(`no lambda variable '${name}'`);
    return s.get(name);
  },
  copyindex: (a, c) => (c.copyIndex ?? 0) + (a.length > 0 && a[0]?.kind === 'number' ? a[0].value : 0),
  subscription: (_a, c) => ({ subscriptionId: c.subscriptionId, id: `/subscriptions/${c.subscriptionId}` }),
  reference: (a, c, s) => new Deferred(`reference(${String(evalExpr(a[0] as Expr, c, s))})`),
  resourceid: (a, c, s) => new Deferred(`resourceId(${ev(a, c, s).map(String).join(',')})`),
  subscriptionresourceid: (a, c, s) => new Deferred(`subscriptionResourceId(${ev(a, c, s).map(String).join(',')})`),
  environment: () => ({
    resourceManager: 'https://management.azure.com/',
    suffixes: { storage: 'core.windows.net', keyvaultDns: '.vault.azure.net' },
  }),
  replace: (a, c, s) => {
    const [x, from, to] = ev(a, c, s);
    return str(x).split(str(from)).join(str(to));
  },
  createobject: (a, c, s) => {
    const v = ev(a, c, s);
    const o: Record<string, unknown> = {};
    for (let i = 0; i + 1 < v.length; i += 2) o[str(v[i])] = v[i + 1];
    return o;
  },
  createarray: (a, c, s) => ev(a, c, s),
  if: (a, c, s) => (evalExpr(a[0] as Expr, c, s) === true ? evalExpr(a[1] as Expr, c, s) : evalExpr(a[2] as Expr, c, s)),
  not: (a, c, s) => evalExpr(a[0] as Expr, c, s) !== true,
  and: (a, c, s) => a.every((x) => evalExpr(x, c, s) === true),
  or: (a, c, s) => a.some((x) => evalExpr(x, c, s) === true),
  true: () => true,
  false: () => false,
  null: () => null,
  equals: (a, c, s) => {
    const [x, y] = ev(a, c, s);
    return same(x, y);
  },
  empty: (a, c, s) => {
    const v = evalExpr(a[0] as Expr, c, s);
    if (v == null) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (typeof v === 'object') return Object.keys(v).length === 0;
    return false;
  },
  length: (a, c, s) => {
    const v = evalExpr(a[0] as Expr, c, s);
    return typeof v === 'string' || Array.isArray(v) ? v.length : Object.keys(v as object).length;
  },
  contains: (a, c, s) => {
    const [container, item] = ev(a, c, s);
    if (typeof container === 'string') return container.includes(str(item));
    if (Array.isArray(container)) return container.some((x) => same(x, item));
    return Object.keys(container as object).includes(str(item));
  },
  split: (a, c, s) => {
    const [x, sep] = ev(a, c, s);
    return str(x).split(str(sep));
  },
  tolower: (a, c, s) => str(evalExpr(a[0] as Expr, c, s)).toLowerCase(),
  join: (a, c, s) => {
    const [x, sep] = ev(a, c, s);
    return arr(x).map(String).join(str(sep));
  },
  format: (a, c, s) => {
    const [f, ...rest] = ev(a, c, s);
    return str(f).replace(/\{(\d+)\}/g, (_m, i: string) => String(rest[Number(i)]));
  },
  concat: (a, c, s) => {
    const v = ev(a, c, s);
    return v.every(Array.isArray) ? v.flat() : v.map(String).join('');
  },
  union: (a, c, s) => {
    const v = ev(a, c, s);
    if (v.every(Array.isArray)) {
      const out: unknown[] = [];
      for (const x of v.flat()) if (!out.some((y) => same(x, y))) out.push(x);
      return out;
    }
    const merged: Record<string, unknown> = {};
    for (const x of v) Object.assign(merged, x instanceof Deferred ? { [`<${x.path}>`]: x } : (x as Record<string, unknown>));
    return merged;
  },
  map: (a, c, s) => arr(evalExpr(a[0] as Expr, c, s)).map((x, i) => apply(a[1], [x, i], c, s)),
  filter: (a, c, s) => arr(evalExpr(a[0] as Expr, c, s)).filter((x, i) => apply(a[1], [x, i], c, s) === true),
  items: (a, c, s) => Object.entries(evalExpr(a[0] as Expr, c, s) as Record<string, unknown>).map(([key, value]) => ({ key, value })),
  toobject: (a, c, s) => {
    const list = arr(evalExpr(a[0] as Expr, c, s));
    return Object.fromEntries(list.map((x) => [String(apply(a[1], [x], c, s)), a[2] ? apply(a[2], [x], c, s) : x]));
  },
  coalesce: (a, c, s) => {
    for (const x of a) {
      const v = evalExpr(x, c, s);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  },
  // tryGet(o, k): undefined (ARM null) when the property is missing, as `o.?k` compiles to.
  tryget: (a, c, s) => {
    const [o, k] = ev(a, c, s);
    return o && typeof o === 'object' && String(k) in o ? (o as Record<string, unknown>)[String(k)] : null;
  },
  range: (a, c, s) => {
    const [start, count] = ev(a, c, s).map(Number);
    return Array.from({ length: count ?? 0 }, (_x, i) => (start ?? 0) + i);
  },
  flatten: (a, c, s) => arr(evalExpr(a[0] as Expr, c, s)).flat(),
  first: (a, c, s) => arr(evalExpr(a[0] as Expr, c, s))[0],
  last: (a, c, s) => arr(evalExpr(a[0] as Expr, c, s)).at(-1),
  endswith: (a, c, s) => {
    const [x, y] = ev(a, c, s);
    return str(x).toLowerCase().endsWith(str(y).toLowerCase());
  },
  take: (a, c, s) => {
    const [x, n] = ev(a, c, s);
    return typeof x === 'string' ? x.slice(0, Math.max(0, Number(n))) : arr(x).slice(0, Math.max(0, Number(n)));
  },
  sub: (a, c, s) => {
    const [x, y] = ev(a, c, s);
    return Number(x) - Number(y);
  },
  max: (a, c, s) => Math.max(...ev(a, c, s).flat().map(Number)),
  // ARM's uniqueString is a 13-character base-32 hash; any stable hash serves for naming checks.
  uniquestring: (a, c, s) =>
    createHash('sha256')
      .update(ev(a, c, s).map(String).join('|'))
      .digest('hex')
      .slice(0, 13),
  guid: (a, c, s) => new Deferred(`guid(${ev(a, c, s).map(String).join(',')})`),
};
