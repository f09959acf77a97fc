// summarize (hash grouping with streaming accumulators) and order by (stable sort on precomputed keys).
import type { Expr, Operator, SortKey } from './ast.js';
import { compileAggregate } from './aggregates.js';
import type { Acc, AggPlan } from './compiled.js';
import { KqlError, semanticError } from './errors.js';
import { FUNCTIONS } from './functions.js';
import type { Compiled, Scope } from './compiled.js';
import { AGGREGATE_NAMES, compileExpr } from './evaluate.js';
import { columnN, inferName, uniqueName } from './naming.js';
import type { Plan } from './plan.js';
import type { Column, Row } from './types.js';
import { compareKeys, sortKey, valueKey } from './values.js';

interface OutputAgg {
  readonly plans: AggPlan[];
  /** Turns the values of `plans` into this item's output values (identity for a plain aggregate call). */
  readonly finish: (values: unknown[]) => unknown[];
}

export function compileSummarize(op: Extract<Operator, { kind: 'summarize' }>, input: Plan, scope: Scope): Plan {
  const taken = new Set<string>();
  const keys = op.by.map((item) => {
    const c = compileExpr(item.expr, scope);
    const name = uniqueName(item.name ?? inferName(item.expr) ?? columnN(taken), taken);
    taken.add(name);
    return { name, c, plainColumn: item.expr.kind === 'name' && item.expr.name === name && scope.index.has(name) };
  });
  const byPlain = new Set(keys.filter((k) => k.plainColumn).map((k) => k.name));
  const columns: Column[] = keys.map((k) => ({ name: k.name, type: k.c.type }));

  const aggs: OutputAgg[] = op.aggs.map((item) => {
    const e = item.expr;
    if (e.kind === 'call' && AGGREGATE_NAMES.has(e.name)) {
      const plan = compileAggregate(e, item.name, scope, byPlain);
      for (const col of plan.columns) columns.push(claim(col, taken));
      return { plans: [plan], finish: (v) => v };
    }
    // An expression over aggregates (todouble(countif(x)) / count()): each aggregate becomes a slot that the
    // outer expression reads once the group is complete.
    if (!containsAggregate(e)) {
      if (e.kind === 'call' && !Object.hasOwn(FUNCTIONS, e.name))
        throw new KqlError('UnknownFunction', `Unknown aggregation function: '${e.name}'`, e.pos);
      throw semanticError('summarize expects an aggregation function such as count() or arg_max()', op.pos);
    }
    const plans: AggPlan[] = [];
    const outer = compileExpr(e, {
      ...scope,
      columns: [],
      index: new Map(),
      open: false,
      aggregate: (call) => {
        const plan = compileAggregate(call, undefined, scope, byPlain);
        if (plan.columns.length !== 1) throw semanticError(`${call.name} cannot be used inside an expression`, call.pos);
        const slot = plans.push(plan) - 1;
        return { type: plan.columns[0]?.type ?? 'dynamic', eval: (slots) => slots[slot] };
      },
    });
    columns.push(claim({ name: item.name ?? columnN(taken), type: outer.type }, taken));
    return { plans, finish: (v) => [outer.eval(v)] };
  });

  const allPlans = aggs.flatMap((a) => a.plans);
  const only = keys.length === 1 ? keys[0] : undefined;
  // Hot path: one string key (the usual `by JobUniqueId`) is its own group id, no per-row allocation.
  const rawStrings = only?.c.type === 'string';
  const groupId = (row: Row): string => {
    if (only) {
      const v = only.c.eval(row);
      return rawStrings && typeof v === 'string' ? v : valueKey(v);
    }
    return keys.map((k) => valueKey(k.c.eval(row))).join('\u0001');
  };

  return {
    columns,
    open: false,
    rows: () => {
      const groups = new Map<string, { keys: unknown[]; accs: Acc[] }>();
      for (const row of input.rows()) {
        const id = groupId(row);
        let g = groups.get(id);
        if (!g) {
          g = { keys: keys.map((k) => k.c.eval(row)), accs: allPlans.map((p) => p.create()) };
          groups.set(id, g);
        }
        for (const acc of g.accs) acc.add(row);
      }
      // Without `by`, Kusto returns one row even for empty input (count() = 0).
      if (keys.length === 0 && groups.size === 0) groups.set('', { keys: [], accs: allPlans.map((p) => p.create()) });
      const out: Row[] = [];
      for (const g of groups.values()) {
        const row: unknown[] = [...g.keys];
        let at = 0;
        for (const a of aggs) {
          const values = g.accs.slice(at, at + a.plans.length).flatMap((acc) => acc.values());
          at += a.plans.length;
          row.push(...a.finish(values));
        }
        out.push(row);
      }
      return out;
    },
  };
}

function containsAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
      return AGGREGATE_NAMES.has(e.name) || e.args.some(containsAggregate);
    case 'binary':
      return containsAggregate(e.left) || containsAggregate(e.right);
    case 'unary':
      return containsAggregate(e.operand);
    case 'member':
      return containsAggregate(e.target);
    case 'index':
      return containsAggregate(e.target) || containsAggregate(e.index);
    case 'in':
      return [e.left, ...e.list].some(containsAggregate);
    case 'between':
      return [e.left, e.low, e.high].some(containsAggregate);
    default:
      return false;
  }
}

function claim(col: Column, taken: Set<string>): Column {
  const name = uniqueName(col.name, taken);
  taken.add(name);
  return { name, type: col.type };
}

/** order by / sort by / top: Kusto defaults to descending with nulls last (ascending: nulls first). */
export function compileOrder(sortKeys: readonly SortKey[], input: Plan, scope: Scope): Plan {
  const compiled: { c: Compiled; desc: boolean; nullsFirst: boolean }[] = sortKeys.map((k) => ({
    c: compileExpr(k.expr, scope),
    desc: k.desc,
    nullsFirst: k.nullsFirst,
  }));
  return {
    ...input,
    rows: () => {
      const items = Array.from(input.rows(), (row) => ({ row, keys: compiled.map((k) => sortKey(k.c.eval(row))) }));
      items.sort((a, b) => {
        for (let i = 0; i < compiled.length; i++) {
          const spec = compiled[i];
          const x = a.keys[i] ?? null;
          const y = b.keys[i] ?? null;
          if (!spec || x === y) continue;
          if (x === null || y === null) return (x === null) === spec.nullsFirst ? -1 : 1;
          const d = compareKeys(x, y);
          if (d !== 0) return spec.desc ? -d : d;
        }
        return 0;
      });
      return items.map((i) => i.row);
    },
  };
}
