// arg_max / arg_min: keep the winning row of each group and read the requested columns from it at the end.
import { semanticError } from './errors.js';
import type { AggPlan } from './compiled.js';
import type { CallExpr, Compiled, Scope } from './compiled.js';
import { compileExpr } from './evaluate.js';
import { inferName } from './naming.js';
import type { Row } from './types.js';
import { compareKeys, nullOf, sortKey } from './values.js';

/** arg_max/arg_min(expr, * | e1, e2 …): the winning row's expr value followed by the requested columns. */
export function argExtreme(call: CallExpr, explicitName: string | undefined, scope: Scope, byPlain: ReadonlySet<string>): AggPlan {
  const sign = call.name === 'arg_max' ? 1 : -1;
  const [keyExpr, ...rest] = call.args;
  if (!keyExpr || keyExpr.kind === 'star')
    throw semanticError(`${call.name} expects an expression to ${sign > 0 ? 'maximize' : 'minimize'} first`, call.pos);
  const key = compileExpr(keyExpr, scope);
  const keyName = explicitName ?? inferName(keyExpr) ?? `${sign > 0 ? 'max' : 'min'}_`;
  const outputs: { name: string; c: Compiled }[] = [];
  for (const arg of rest) {
    if (arg.kind === 'star') {
      // `*` brings every input column except those already produced as by keys or as the maximised column.
      const keyColumn = keyExpr.kind === 'name' ? keyExpr.name : undefined;
      scope.columns.forEach((col, i) => {
        if (byPlain.has(col.name) || col.name === keyColumn) return;
        outputs.push({ name: col.name, c: { type: col.type, eval: (row) => row[i] } });
      });
    } else {
      outputs.push({ name: inferName(arg) ?? 'Column', c: compileExpr(arg, scope) });
    }
  }
  return {
    columns: [{ name: keyName, type: key.type }, ...outputs.map((o) => ({ name: o.name, type: o.c.type }))],
    create: () => {
      let bestKey: number | string | null = null;
      let bestValue: unknown = null;
      let bestRow: Row | undefined;
      return {
        add: (row) => {
          const v = key.eval(row);
          const k = sortKey(v);
          if (k !== null && (bestKey === null || sign * compareKeys(k, bestKey) > 0)) [bestKey, bestValue, bestRow] = [k, v, row];
        },
        values: () => [bestRow ? bestValue : nullOf(key.type), ...outputs.map((o) => (bestRow ? o.c.eval(bestRow) : nullOf(o.c.type)))],
      };
    },
  };
}
