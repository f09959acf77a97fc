// Compiles scalar expressions into typed closures over positional rows. Column names, function lookups and
// regexes are resolved once per query; sub-expressions that do not read the row are folded to constants.
import type { Expr } from './ast.js';
import { KqlError, semanticError, type Pos } from './errors.js';
import type { CallExpr, Compiled, FnCtx, Scope } from './compiled.js';
import { FUNCTIONS } from './functions.js';
import { compileArithmetic, compileNegate } from './arithmetic.js';
import { compileBetween, compileComparison, compileIn, compileLogical } from './operators.js';
import type { Column, KqlType, Row } from './types.js';
import { coerce, isBag, toBool, toLong, toStr } from './values.js';

export const AGGREGATE_NAMES = new Set([
  'count',
  'countif',
  'dcount',
  'dcountif',
  'sum',
  'sumif',
  'avg',
  'avgif',
  'min',
  'max',
  'minif',
  'maxif',
  'any',
  'take_any',
  'arg_max',
  'arg_min',
  'make_set',
  'make_list',
  'make_set_if',
  'make_list_if',
  'percentile',
]);

export function makeScope(columns: readonly Column[], open: boolean, lets: ReadonlyMap<string, Compiled>, fn: FnCtx): Scope {
  return { columns, index: new Map(columns.map((c, i) => [c.name, i])), open, lets, fn };
}

export function constant(type: KqlType, value: unknown): Compiled {
  return { type, eval: () => value, constant: true };
}

/** Evaluates once when every input is constant: keeps `ago(6h)` or `dynamic([...])` out of the per-row path. */
export function fold(c: Compiled, inputs: readonly Compiled[]): Compiled {
  if (!inputs.every((i) => i.constant)) return c;
  return constant(c.type, c.eval([]));
}

export function compileExpr(e: Expr, scope: Scope): Compiled {
  switch (e.kind) {
    case 'literal':
      return { ...constant(e.type, coerce(e.type, e.value)), nullLiteral: e.value === null && e.type === 'dynamic' };
    case 'name':
      return compileName(e.name, e.pos, scope);
    case 'star':
      throw semanticError("'*' is only allowed in arg_max/arg_min", e.pos);
    case 'member':
    case 'index':
      return compileAccess(e, scope);
    case 'call':
      return compileCall(e, scope);
    case 'unary': {
      const operand = compileExpr(e.operand, scope);
      return e.op === '+' ? operand : fold(compileNegate(operand, e.pos), [operand]);
    }
    case 'binary': {
      const l = compileExpr(e.left, scope);
      const r = compileExpr(e.right, scope);
      const c =
        e.op === 'and' || e.op === 'or'
          ? compileLogical(e.op, l, r, e.pos)
          : ['+', '-', '*', '/', '%'].includes(e.op)
            ? compileArithmetic(e.op, l, r, e.pos)
            : compileComparison(e.op, l, r, e.pos);
      return fold(c, [l, r]);
    }
    case 'in': {
      const l = compileExpr(e.left, scope);
      const list = e.list.map((x) => compileExpr(x, scope));
      return fold(compileIn(e.op, l, list), [l, ...list]);
    }
    case 'between': {
      const parts = [e.left, e.low, e.high].map((x) => compileExpr(x, scope)) as [Compiled, Compiled, Compiled];
      return fold(compileBetween(e.negated, ...parts, e.pos), parts);
    }
  }
}

function compileName(name: string, pos: Pos, scope: Scope): Compiled {
  const i = scope.index.get(name);
  if (i !== undefined) {
    const type = scope.columns[i]?.type ?? 'dynamic';
    return { type, eval: (row) => row[i] };
  }
  const bound = scope.lets.get(name);
  if (bound) return bound;
  if (scope.open) return constant('dynamic', null);
  throw semanticError(`Failed to resolve scalar expression named '${name}'`, pos);
}

/** properties.status, tags['backup-tier'], arr[0], arr[-1]: lookups into dynamic values, null when absent. */
function compileAccess(e: Extract<Expr, { kind: 'member' | 'index' }>, scope: Scope): Compiled {
  const target = compileExpr(e.target, scope);
  if (target.type !== 'dynamic')
    throw semanticError(`Cannot access members of a value of type ${target.type}; only dynamic values have properties`, e.pos);
  if (e.kind === 'member') {
    const key = e.name;
    return fold({ type: 'dynamic', eval: (row) => getMember(target.eval(row), key) }, [target]);
  }
  const index = compileExpr(e.index, scope);
  return fold({ type: 'dynamic', eval: (row) => getIndexed(target.eval(row), index.eval(row)) }, [target, index]);
}

export function getMember(v: unknown, key: string): unknown {
  return isBag(v) && Object.hasOwn(v, key) ? (v[key] ?? null) : null;
}

function getIndexed(v: unknown, index: unknown): unknown {
  if (Array.isArray(v)) {
    const i = toLong(index);
    if (i === null) return null;
    return (v[i < 0 ? v.length + i : i] as unknown) ?? null;
  }
  return typeof index === 'string' ? getMember(v, index) : null;
}

function compileCall(e: CallExpr, scope: Scope): Compiled {
  if (AGGREGATE_NAMES.has(e.name)) {
    if (scope.aggregate) return scope.aggregate(e);
    throw semanticError(`Aggregate function '${e.name}' can only be used in summarize`, e.pos);
  }
  if (e.name === 'column_ifexists') return compileColumnIfExists(e, scope);
  const def = Object.hasOwn(FUNCTIONS, e.name) ? FUNCTIONS[e.name] : undefined;
  if (!def) throw new KqlError('UnknownFunction', `Unknown function: '${e.name}'`, e.pos);
  if (e.args.length < def.min || e.args.length > def.max) {
    const expected = def.min === def.max ? `${def.min}` : def.max === Infinity ? `at least ${def.min}` : `${def.min} to ${def.max}`;
    throw semanticError(`Function '${e.name}' expects ${expected} argument(s), got ${e.args.length}`, e.pos);
  }
  const args = e.args.map((a) => compileExpr(a, scope));
  const type = typeof def.type === 'function' ? def.type(args, e.pos) : def.type;
  const impl = def.make ? def.make(args, e.pos) : def.impl;
  if (!impl) throw new KqlError('InternalError', `function '${e.name}' has no implementation`, e.pos);
  const ctx = scope.fn;
  const n = args.length;
  // Strings are never null in Kusto; typed results are normalised so comparisons behave the same everywhere.
  const norm =
    type === 'string'
      ? (v: unknown): unknown => (v === null || v === undefined ? '' : typeof v === 'string' ? v : toStr(v))
      : (v: unknown): unknown => v ?? null;
  const evalCall = (row: Row): unknown => {
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = (args[i] as Compiled).eval(row);
    return norm(impl(values, ctx));
  };
  return fold({ type, eval: evalCall }, args);
}

/** column_ifexists('name', default): lets one query run against tables whose schemas differ. */
function compileColumnIfExists(e: CallExpr, scope: Scope): Compiled {
  const [nameArg, fallback] = e.args;
  if (e.args.length !== 2 || !nameArg || !fallback) throw semanticError("Function 'column_ifexists' expects 2 arguments", e.pos);
  const name = compileExpr(nameArg, scope);
  if (!name.constant || name.type !== 'string') throw semanticError('column_ifexists expects a constant column name', e.pos);
  const column = toStr(name.eval([]));
  return scope.index.has(column) ? compileName(column, e.pos, scope) : compileExpr(fallback, scope);
}

/** Predicates (where, countif, iff) accept bool or dynamic; anything else is a mistake worth reporting. */
export function asPredicate(c: Compiled, what: string, pos: Pos): (row: Row) => boolean {
  if (c.type === 'bool') return (row) => c.eval(row) === true;
  if (c.type === 'dynamic') return (row) => toBool(c.eval(row)) === true;
  throw semanticError(`${what} must be a bool expression, got ${c.type}`, pos);
}

/** Constant non-negative count for take/top/limit. */
export function constantCount(c: Compiled, what: string, pos: Pos): number {
  if (!c.constant || (c.type !== 'long' && c.type !== 'int' && c.type !== 'real'))
    throw semanticError(`${what} expects a constant number`, pos);
  return Math.max(0, toLong(c.eval([])) ?? 0);
}
