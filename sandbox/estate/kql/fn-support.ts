// Shared shapes and helpers of the scalar function library.
import { semanticError, type Pos } from './errors.js';
import type { Compiled, FnCtx } from './compiled.js';
import type { KqlType } from './types.js';
import { isIntegral, isNumeric } from './values.js';

export type FnImpl = (args: unknown[], ctx: FnCtx) => unknown;

export interface FnDef {
  readonly min: number;
  readonly max: number;
  /** Result type, fixed or derived from the argument types (may throw SemanticError for wrong ones). */
  readonly type: KqlType | ((args: readonly Compiled[], pos: Pos) => KqlType);
  readonly impl?: FnImpl;
  /** For functions that prepare something from their arguments once per query (regexes). */
  readonly make?: (args: readonly Compiled[], pos: Pos) => FnImpl;
}

export const fn = (min: number, max: number, type: FnDef['type'], impl: FnImpl): FnDef => ({ min, max, type, impl });

/** Common type of iff/case/coalesce/min_of branches; a bare null adopts the others' type. */
export function unify(args: readonly Compiled[], pos: Pos, what: string): KqlType {
  const types = [...new Set(args.filter((a) => !a.nullLiteral).map((a) => a.type))];
  if (types.length === 0) return 'dynamic';
  if (types.length === 1) return types[0] ?? 'dynamic';
  if (types.every(isNumeric)) return types.every(isIntegral) ? 'long' : 'real';
  if (types.every((t) => t === 'string' || t === 'guid')) return 'string';
  if (types.includes('dynamic')) return 'dynamic';
  throw semanticError(`${what}: arguments have mismatched types ${types.join(', ')}`, pos);
}

export const sameAsArg =
  (i: number, allowed?: readonly KqlType[]) =>
  (args: readonly Compiled[], pos: Pos): KqlType => {
    const t = args[i]?.type ?? 'dynamic';
    if (allowed && !allowed.includes(t) && t !== 'dynamic') throw semanticError(`argument ${i + 1} has unsupported type ${t}`, pos);
    return t === 'dynamic' ? 'real' : t;
  };

/** Requires argument i to be a constant string (unit names of datetime_diff, format strings, …). */
export function constString(args: readonly Compiled[], i: number, pos: Pos, what: string): string {
  const a = args[i];
  if (!a?.constant) throw semanticError(`${what} must be a constant string`, pos);
  const v = a.eval([]);
  if (typeof v !== 'string') throw semanticError(`${what} must be a constant string`, pos);
  return v;
}

/** Argument i of a call whose arity was already checked. */
export function argAt(args: readonly Compiled[], i: number, pos: Pos): Compiled {
  const a = args[i];
  if (!a) throw semanticError(`missing argument ${i + 1}`, pos);
  return a;
}
