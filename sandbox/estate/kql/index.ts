// Public entry point of the sandbox KQL engine: parse once, compile to closures, run, and format for the
// Log Analytics and Resource Graph look-alikes.
import { KqlError, semanticError } from './errors.js';
import { compileExpr, constant, makeScope } from './evaluate.js';
import { parseQuery } from './parser.js';
import type { Ctx, Plan } from './plan.js';
import { compilePipeline } from './tabular.js';
import type { KqlEnv, KqlResult } from './types.js';

export { KqlError } from './errors.js';
export { toLogAnalyticsJson, toResourceGraphObjects } from './format.js';
export type { LogAnalyticsTables } from './format.js';
export type { KqlEnv, KqlResult, KqlTableSource, KqlType } from './types.js';
export { Timespan } from './values.js';

export function runKql(query: string, env: KqlEnv): KqlResult {
  try {
    const ctx: Ctx = { tables: env.tables, fn: { now: env.now }, scalars: new Map(), tabulars: new Map() };
    let result: Plan | undefined;
    for (const stmt of parseQuery(query)) {
      if (stmt.kind === 'query') {
        if (result) throw semanticError('Only one tabular expression per query is supported', stmt.pos);
        result = compilePipeline(stmt.pipeline, ctx);
        continue;
      }
      const { name, value } = stmt;
      // `let T = OtherTable;` is a table alias, not a scalar.
      const aliasOf = value.kind === 'scalar' && value.expr.kind === 'name' ? value.expr.name : undefined;
      if (value.kind === 'tabular' || (aliasOf !== undefined && (ctx.tabulars.has(aliasOf) || Object.hasOwn(env.tables, aliasOf)))) {
        const pipeline =
          value.kind === 'tabular' ? value.pipeline : { source: { kind: 'table' as const, name: aliasOf ?? name, pos: stmt.pos }, ops: [] };
        ctx.tabulars.set(name, compilePipeline(pipeline, ctx));
        ctx.scalars.delete(name);
      } else {
        // Scalar lets are evaluated once, here; every use reads the constant.
        const c = compileExpr(value.expr, makeScope([], false, ctx.scalars, ctx.fn));
        ctx.scalars.set(name, constant(c.type, c.eval([])));
        ctx.tabulars.delete(name);
      }
    }
    if (!result) throw new KqlError('SyntaxError', 'Syntax error: the query has no tabular expression to return');
    return { columns: result.columns.map((c) => ({ name: c.name, type: c.type })), rows: Array.from(result.rows()) };
  } catch (e) {
    if (e instanceof KqlError) throw e;
    // Anything else is an engine bug; it still surfaces as a KqlError so callers answer 400, not 500 with a stack.
    throw new KqlError('InternalError', `KQL evaluation failed: ${e instanceof Error ? e.message : String(e)}`, undefined, { cause: e });
  }
}
