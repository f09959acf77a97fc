// The shapes the compiler's modules share: a compiled expression, the scope it is compiled in, and an aggregate's
// plan. Types only, in a module of their own, so that the evaluator, the function library and the aggregates can
// all name them without importing each other.
import type { Expr } from './ast.js';
import type { Column, KqlType, Row } from './types.js';

export interface Compiled {
  readonly type: KqlType;
  readonly eval: (row: Row) => unknown;
  /** The value does not depend on the row; eval may be called with any row. */
  readonly constant?: boolean;
  /** A bare `null` literal: it takes the type of whatever it is combined with. */
  readonly nullLiteral?: boolean;
}

export type CallExpr = Extract<Expr, { kind: 'call' }>;

export interface FnCtx {
  readonly now: Date;
}

export interface Scope {
  readonly columns: readonly Column[];
  readonly index: ReadonlyMap<string, number>;
  /** Schema unknown (an undeclared, empty table): unknown columns read as dynamic nulls instead of failing. */
  readonly open: boolean;
  readonly lets: ReadonlyMap<string, Compiled>;
  readonly fn: FnCtx;
  /** Present inside summarize: turns an aggregate call into a reader of its per-group result. */
  readonly aggregate?: (call: CallExpr) => Compiled;
}

export interface Acc {
  add(row: Row): void;
  values(): unknown[];
}

export interface AggPlan {
  readonly columns: Column[];
  create(): Acc;
}
