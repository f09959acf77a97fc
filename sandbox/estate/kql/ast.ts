// Syntax tree produced by the parser. Every node keeps its position so semantic errors can point at it.
import type { Pos } from './errors.js';
import type { KqlType } from './types.js';

export type Expr =
  | { kind: 'literal'; type: KqlType; value: unknown; pos: Pos }
  | { kind: 'name'; name: string; pos: Pos }
  | { kind: 'member'; target: Expr; name: string; pos: Pos }
  | { kind: 'index'; target: Expr; index: Expr; pos: Pos }
  | { kind: 'call'; name: string; args: Expr[]; pos: Pos }
  | { kind: 'star'; pos: Pos }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: Pos }
  | { kind: 'unary'; op: '-' | '+'; operand: Expr; pos: Pos }
  /** in, !in, in~, !in~, has_any, has_all: the right side is a list (dynamic arrays in it are flattened). */
  | { kind: 'in'; op: string; left: Expr; list: Expr[]; pos: Pos }
  | { kind: 'between'; negated: boolean; left: Expr; low: Expr; high: Expr; pos: Pos };

/** `name = expr` or a bare `expr` (its column name is then inferred). */
export interface NamedExpr {
  name: string | undefined;
  expr: Expr;
}

export interface SortKey {
  expr: Expr;
  desc: boolean;
  nullsFirst: boolean;
}

export type JoinKind =
  'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter' | 'leftanti' | 'rightanti' | 'leftsemi' | 'rightsemi';

export type Operator =
  | { kind: 'where'; predicate: Expr; pos: Pos }
  | { kind: 'extend'; items: NamedExpr[]; pos: Pos }
  | { kind: 'project'; items: NamedExpr[]; pos: Pos }
  | { kind: 'project-away' | 'project-keep' | 'project-reorder'; patterns: { pattern: string; pos: Pos }[]; pos: Pos }
  | { kind: 'project-rename'; renames: { to: string; from: string; pos: Pos }[]; pos: Pos }
  | { kind: 'summarize'; aggs: NamedExpr[]; by: NamedExpr[]; pos: Pos }
  | { kind: 'order'; keys: SortKey[]; pos: Pos }
  | { kind: 'take'; count: Expr; pos: Pos }
  | { kind: 'top'; count: Expr; key: SortKey; pos: Pos }
  | { kind: 'distinct'; items: NamedExpr[] | '*'; pos: Pos }
  | { kind: 'count'; pos: Pos }
  | { kind: 'mv-expand'; items: { name: string | undefined; expr: Expr; type: KqlType | undefined }[]; limit: Expr | undefined; pos: Pos }
  | { kind: 'join'; joinKind: JoinKind; right: Pipeline; on: { left: string; right: string; pos: Pos }[]; pos: Pos }
  | { kind: 'union'; tables: Pipeline[]; pos: Pos }
  | { kind: 'serialize'; pos: Pos };

export type Source =
  | { kind: 'table'; name: string; pos: Pos }
  | { kind: 'union'; tables: Pipeline[]; pos: Pos }
  | { kind: 'print'; items: NamedExpr[]; pos: Pos }
  | { kind: 'pipeline'; pipeline: Pipeline; pos: Pos };

export interface Pipeline {
  source: Source;
  ops: Operator[];
}

export type Statement =
  | { kind: 'let'; name: string; value: { kind: 'scalar'; expr: Expr } | { kind: 'tabular'; pipeline: Pipeline }; pos: Pos }
  | { kind: 'query'; pipeline: Pipeline; pos: Pos };
