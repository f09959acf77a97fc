// Compiles a pipeline (source | op | op …) into a Plan. Rows stream through where/extend/project; only
// operators that need the whole input (summarize, order, top, join) materialise it.
import type { NamedExpr, Operator, Pipeline, Source } from './ast.js';
import { KqlError, semanticError, type Pos } from './errors.js';
import type { Compiled, Scope } from './compiled.js';
import { asPredicate, compileExpr, constantCount, makeScope } from './evaluate.js';
import { compileJoin, compileMvExpand, unionPlans } from './join.js';
import { columnN, inferName, uniqueName } from './naming.js';
import type { Ctx, Plan } from './plan.js';
import { tablePlan } from './source.js';
import { compileOrder, compileSummarize } from './summarize.js';
import type { Column, Row } from './types.js';
import { valueKey } from './values.js';

export function compilePipeline(p: Pipeline, ctx: Ctx): Plan {
  let plan = compileSource(p.source, ctx);
  for (const op of p.ops) plan = compileOperator(op, plan, ctx);
  return plan;
}

export const scopeOf = (plan: Plan, ctx: Ctx): Scope => makeScope(plan.columns, plan.open, ctx.scalars, ctx.fn);

function compileSource(s: Source, ctx: Ctx): Plan {
  switch (s.kind) {
    case 'pipeline':
      return compilePipeline(s.pipeline, ctx);
    case 'union':
      return unionPlans(s.tables.map((t) => compilePipeline(t, ctx)));
    case 'print': {
      const items = nameItems(s.items, makeScope([], false, ctx.scalars, ctx.fn), s.pos);
      return { columns: items.map((i) => i.column), open: false, rows: () => [items.map((i) => i.c.eval([]))] };
    }
    case 'table': {
      const bound = ctx.tabulars.get(s.name);
      if (bound) return bound;
      const src = Object.hasOwn(ctx.tables, s.name) ? ctx.tables[s.name] : undefined;
      if (!src) throw new KqlError('UnknownTable', `Failed to resolve table expression named '${s.name}'`, s.pos);
      return tablePlan(src);
    }
  }
}

/** Names the items of project/distinct/print: explicit, else inferred, else Column1…. */
function nameItems(items: readonly NamedExpr[], scope: Scope, pos: Pos): { column: Column; c: Compiled }[] {
  const taken = new Set<string>();
  return items.map((item) => {
    const c = compileExpr(item.expr, scope);
    // A repeated explicit name is a mistake; a repeated inferred one gets Kusto's numeric suffix.
    if (item.name !== undefined && taken.has(item.name)) throw semanticError(`Column '${item.name}' is specified more than once`, pos);
    const name = item.name ?? uniqueName(inferName(item.expr) ?? columnN(taken), taken);
    taken.add(name);
    return { column: { name, type: c.type }, c };
  });
}

function compileOperator(op: Operator, input: Plan, ctx: Ctx): Plan {
  const scope = scopeOf(input, ctx);
  switch (op.kind) {
    case 'where': {
      const pred = asPredicate(compileExpr(op.predicate, scope), 'The where predicate', op.pos);
      return {
        ...input,
        rows: function* () {
          for (const r of input.rows()) if (pred(r)) yield r;
        },
      };
    }
    case 'extend':
      return compileExtend(op.items, input, ctx);
    case 'project': {
      const items = nameItems(op.items, scope, op.pos);
      return { columns: items.map((i) => i.column), open: false, rows: mapRows(input, (r) => items.map((i) => i.c.eval(r))) };
    }
    case 'project-away':
    case 'project-keep':
    case 'project-reorder':
      return compileProjectPatterns(op, input);
    case 'project-rename': {
      const columns = [...input.columns];
      for (const { to, from, pos } of op.renames) {
        const i = columns.findIndex((c) => c.name === from);
        if (i < 0) throw semanticError(`project-rename: unknown column '${from}'`, pos);
        if (columns.some((c, j) => c.name === to && j !== i)) throw semanticError(`project-rename: column '${to}' already exists`, pos);
        columns[i] = { name: to, type: columns[i]?.type ?? 'dynamic' };
      }
      return { ...input, columns };
    }
    case 'summarize':
      return compileSummarize(op, input, scope);
    case 'order':
      return compileOrder(op.keys, input, scope);
    case 'top': {
      const n = constantCount(compileExpr(op.count, scope), 'top', op.pos);
      const sorted = compileOrder([op.key], input, scope);
      return { ...sorted, rows: () => take(sorted.rows(), n) };
    }
    case 'take': {
      const n = constantCount(compileExpr(op.count, scope), 'take', op.pos);
      return { ...input, rows: () => take(input.rows(), n) };
    }
    case 'distinct': {
      const items =
        op.items === '*'
          ? input.columns.map((column, i) => ({ column, c: { type: column.type, eval: (r: Row) => r[i] } }))
          : nameItems(op.items, scope, op.pos);
      const project = (r: Row): Row => items.map((i) => i.c.eval(r));
      return {
        columns: items.map((i) => i.column),
        open: false,
        rows: function* () {
          const seen = new Set<string>();
          for (const r of input.rows()) {
            const out = project(r);
            const key = out.map(valueKey).join('\u0001');
            if (!seen.has(key)) {
              seen.add(key);
              yield out;
            }
          }
        },
      };
    }
    case 'count':
      return {
        columns: [{ name: 'Count', type: 'long' }],
        open: false,
        rows: () => {
          let n = 0;
          for (const _ of input.rows()) n++;
          return [[n]];
        },
      };
    case 'serialize':
      return input;
    case 'mv-expand':
      return compileMvExpand(op, input, scope);
    case 'join':
      return compileJoin(op, input, compilePipeline(op.right, ctx));
    case 'union':
      return unionPlans([input, ...op.tables.map((t) => compilePipeline(t, ctx))]);
  }
}

/** extend: later items see earlier ones; an existing name is replaced in place. */
function compileExtend(items: readonly NamedExpr[], input: Plan, ctx: Ctx): Plan {
  const columns = [...input.columns];
  const steps: { index: number; c: Compiled }[] = [];
  for (const item of items) {
    const c = compileExpr(item.expr, makeScope(columns, input.open, ctx.scalars, ctx.fn));
    const taken = new Set(columns.map((col) => col.name));
    const name = item.name ?? uniqueName(inferName(item.expr) ?? columnN(taken), taken);
    let index = columns.findIndex((col) => col.name === name);
    if (index < 0) index = columns.length;
    columns[index] = { name, type: c.type };
    steps.push({ index, c });
  }
  return {
    columns,
    open: input.open,
    rows: mapRows(input, (r) => {
      const out = r.slice();
      for (const s of steps) out[s.index] = s.c.eval(out);
      return out;
    }),
  };
}

function compileProjectPatterns(op: Extract<Operator, { kind: 'project-away' | 'project-keep' | 'project-reorder' }>, input: Plan): Plan {
  const picked: number[] = [];
  for (const { pattern, pos } of op.patterns) {
    const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const matches = input.columns.flatMap((c, i) => (re.test(c.name) ? [i] : []));
    if (matches.length === 0 && !pattern.includes('*') && !input.open) throw semanticError(`${op.kind}: unknown column '${pattern}'`, pos);
    for (const i of matches) if (!picked.includes(i)) picked.push(i);
  }
  const all = input.columns.map((_, i) => i);
  const order =
    op.kind === 'project-away'
      ? all.filter((i) => !picked.includes(i))
      : op.kind === 'project-keep'
        ? all.filter((i) => picked.includes(i))
        : [...picked, ...all.filter((i) => !picked.includes(i))];
  return {
    columns: order.map((i) => input.columns[i] as Column),
    open: false,
    rows: mapRows(input, (r) => order.map((i) => r[i])),
  };
}

export function mapRows(input: Plan, f: (r: Row) => Row): () => Iterable<Row> {
  return function* () {
    for (const r of input.rows()) yield f(r);
  };
}

function* take(rows: Iterable<Row>, n: number): Iterable<Row> {
  if (n <= 0) return;
  let i = 0;
  for (const r of rows) {
    yield r;
    if (++i >= n) return;
  }
}
