// Operators that combine or multiply rows: join (hash join on the right side), union (by column name)
// and mv-expand (one output row per array element / property).
import type { Operator } from './ast.js';
import { semanticError } from './errors.js';
import type { Scope } from './compiled.js';
import { compileExpr, constantCount } from './evaluate.js';
import { inferName, uniqueName } from './naming.js';
import type { Plan } from './plan.js';
import type { Column, KqlType, Row } from './types.js';
import { coerce, isBag, nullOf, valueKey } from './values.js';

export function compileJoin(op: Extract<Operator, { kind: 'join' }>, left: Plan, right: Plan): Plan {
  const indexIn = (plan: Plan, name: string, side: string, pos: (typeof op.on)[number]['pos']): number => {
    const i = plan.columns.findIndex((c) => c.name === name);
    if (i < 0) throw semanticError(`join: the ${side} side has no column '${name}'`, pos);
    return i;
  };
  const leftKeys = op.on.map((k) => indexIn(left, k.left, 'left', k.pos));
  const rightKeys = op.on.map((k) => indexIn(right, k.right, 'right', k.pos));
  const keyOf = (row: Row, idx: readonly number[]): string | undefined => {
    const vals = idx.map((i) => row[i]);
    // Null keys never match, as in SQL-style joins.
    return vals.some((v) => v === null || v === undefined) ? undefined : vals.map(valueKey).join('\u0001');
  };
  const kind = op.joinKind;
  const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
  const rightOnly = kind === 'rightsemi' || kind === 'rightanti';
  const taken = new Set(left.columns.map((c) => c.name));
  const rightColumns = right.columns.map((c) => {
    const name = uniqueName(c.name, taken);
    taken.add(name);
    return { name, type: c.type };
  });
  const columns: Column[] = leftOnly ? [...left.columns] : rightOnly ? [...right.columns] : [...left.columns, ...rightColumns];
  const leftNulls = left.columns.map((c) => nullOf(c.type));
  const rightNulls = right.columns.map((c) => nullOf(c.type));

  return {
    columns,
    open: false,
    rows: () => {
      const index = new Map<string, Row[]>();
      const rightRows: Row[] = [];
      for (const r of right.rows()) {
        rightRows.push(r);
        const k = keyOf(r, rightKeys);
        if (k === undefined) continue;
        const bucket = index.get(k);
        if (bucket) bucket.push(r);
        else index.set(k, [r]);
      }
      const matchedRight = new Set<Row>();
      const seenLeftKeys = new Set<string>();
      const out: Row[] = [];
      for (const l of left.rows()) {
        const k = keyOf(l, leftKeys);
        // innerunique (Kusto's default) keeps only the first left row of each key.
        if (kind === 'innerunique' && k !== undefined) {
          if (seenLeftKeys.has(k)) continue;
          seenLeftKeys.add(k);
        }
        const matches = k === undefined ? undefined : index.get(k);
        if (kind === 'leftsemi' || kind === 'leftanti') {
          if ((matches !== undefined) === (kind === 'leftsemi')) out.push(l);
          continue;
        }
        if (matches) {
          for (const r of matches) {
            matchedRight.add(r);
            if (!rightOnly) out.push([...l, ...r]);
          }
        } else if (kind === 'leftouter' || kind === 'fullouter') {
          out.push([...l, ...rightNulls]);
        }
      }
      if (kind === 'rightsemi' || kind === 'rightanti') return rightRows.filter((r) => matchedRight.has(r) === (kind === 'rightsemi'));
      if (kind === 'rightouter' || kind === 'fullouter')
        for (const r of rightRows) if (!matchedRight.has(r)) out.push([...leftNulls, ...r]);
      return out;
    },
  };
}

/** Outer union by column name; a column missing from one input is null there (type of first appearance). */
export function unionPlans(plans: readonly Plan[]): Plan {
  const columns: Column[] = [];
  const position = new Map<string, number>();
  for (const p of plans) {
    for (const c of p.columns) {
      if (!position.has(c.name)) {
        position.set(c.name, columns.length);
        columns.push(c);
      }
    }
  }
  const maps = plans.map((p) => p.columns.map((c) => position.get(c.name) ?? 0));
  return {
    columns,
    open: plans.some((p) => p.open),
    rows: function* () {
      for (const [pi, p] of plans.entries()) {
        const map = maps[pi] ?? [];
        const from = p.columns;
        for (const r of p.rows()) {
          const out = columns.map((c) => nullOf(c.type));
          map.forEach((target, i) => {
            const type = columns[target]?.type ?? 'dynamic';
            out[target] = type === from[i]?.type ? r[i] : coerce(type, r[i]);
          });
          yield out;
        }
      }
    },
  };
}

/** Elements of an expanded value: array items, one {key: value} bag per property, or the scalar itself. */
function elements(v: unknown): unknown[] {
  if (Array.isArray(v)) return v as unknown[];
  if (isBag(v)) return Object.entries(v).map(([k, x]) => ({ [k]: x }));
  return [v ?? null];
}

export function compileMvExpand(op: Extract<Operator, { kind: 'mv-expand' }>, input: Plan, scope: Scope): Plan {
  const columns = [...input.columns];
  const items = op.items.map((item) => {
    const c = compileExpr(item.expr, scope);
    if (c.type !== 'dynamic') throw semanticError(`mv-expand expects a dynamic array or property bag, got ${c.type}`, op.pos);
    const name = item.name ?? inferName(item.expr) ?? 'Column1';
    const type: KqlType = item.type ?? 'dynamic';
    let index = columns.findIndex((col) => col.name === name);
    if (index < 0) index = columns.length;
    columns[index] = { name, type };
    return { c, index, type };
  });
  const limit = op.limit ? constantCount(compileExpr(op.limit, scope), 'mv-expand limit', op.pos) : Infinity;
  return {
    columns,
    open: input.open,
    rows: function* () {
      for (const r of input.rows()) {
        const lists = items.map((it) => elements(it.c.eval(r)));
        // Arrays expand in parallel; an empty array yields no rows, a null yields one row with null.
        const n = Math.min(limit, Math.max(...lists.map((l) => l.length)));
        for (let i = 0; i < n; i++) {
          const out = r.slice();
          items.forEach((it, j) => {
            out[it.index] = coerce(it.type, lists[j]?.[i] ?? null);
          });
          yield out;
        }
      }
    },
  };
}
