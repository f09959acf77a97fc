// Lexing, parsing and error reporting: every rejected query surfaces as a KqlError with a code, and
// syntax errors name the offending token and its line:column.
import { describe, expect, it } from 'vitest';
import { KqlError, runKql, type KqlTableSource } from '../../sandbox/estate/kql/index.js';
import { tokenize } from '../../sandbox/estate/kql/lexer.js';
import { parseQuery } from '../../sandbox/estate/kql/parser.js';

const T: KqlTableSource = {
  columns: { name: 'string', n: 'long', props: 'dynamic' },
  rows: () => [{ name: 'a', n: 1, props: { s: 'x' } }],
};
const run = (q: string): unknown => runKql(q, { tables: { T }, now: new Date('2026-11-21T12:00:00Z') });

function errorOf(q: string): KqlError {
  try {
    run(q);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw new Error(`expected KqlError, got ${String(e)}`, { cause: e });
  }
  throw new Error(`query did not fail: ${q}`);
}

describe('lexer', () => {
  it('produces word operators, timespans and raw literals as single tokens', () => {
    const tokens = tokenize("x !in~ ('a') and y !has 'b' | where t > datetime(2026-01-01 10:00) + 1.5h and z in~ (1)");
    const texts = tokens.map((t) => `${t.kind}:${t.text}`);
    expect(texts).toContain('op:!in~');
    expect(texts).toContain('op:!has');
    expect(texts).toContain('op:in~');
    expect(texts).toContain('datetime:datetime(2026-01-01 10:00)');
    expect(texts).toContain('timespan:1.5h');
    expect(tokens[tokens.length - 1]?.kind).toBe('eof');
  });

  it('tracks line and column of every token', () => {
    const tokens = tokenize('T\n| where  x');
    const x = tokens.find((t) => t.text === 'x');
    expect(x?.pos).toEqual({ offset: 11, line: 2, col: 10 });
  });
});

describe('parser', () => {
  it('glues hyphenated operator names but keeps a-b arithmetic', () => {
    const [stmt] = parseQuery('T | project-away a | extend c = a-b | mv-expand d');
    expect(stmt?.kind).toBe('query');
    if (stmt?.kind !== 'query') return;
    expect(stmt.pipeline.ops.map((o) => o.kind)).toEqual(['project-away', 'extend', 'mv-expand']);
    const extend = stmt.pipeline.ops[1];
    expect(extend?.kind === 'extend' && extend.items[0]?.expr.kind).toBe('binary');
  });

  it('separates let statements from the final query', () => {
    const stmts = parseQuery('let a = 1h;\nlet B = T | take 1;\nB | where n > 0;');
    expect(stmts.map((s) => s.kind)).toEqual(['let', 'let', 'query']);
    expect(stmts[1]?.kind === 'let' && stmts[1].value.kind).toBe('tabular');
  });

  it('gives and/or/comparison the Kusto precedence', () => {
    const [stmt] = parseQuery('T | where a == 1 or b == 2 and c == 3');
    const where = stmt?.kind === 'query' ? stmt.pipeline.ops[0] : undefined;
    expect(where?.kind === 'where' && where.predicate.kind === 'binary' && where.predicate.op).toBe('or');
  });
});

describe('syntax errors', () => {
  it.each([
    ['T | where', '1:10', 'end of query'],
    ['T\n| where n == ', '2:14', 'end of query'],
    ['T | where n === 1', '1:15', "'='"],
    ['T | project a b', '1:15', "'b'"],
    ["T | where name == 'open", '1:19', 'unterminated string'],
    ['T | where n > 5q', '1:15', "'5q'"],
    ['T | where ts > datetime(2026-13-45)', '1:16', 'invalid datetime'],
    ['T | summarize', '1:14', 'end of query'],
    ['T | order n', '1:11', "'n'"],
    ['T | where n in (1, 2', '1:21', 'end of query'],
    ['T | where n > 1 )', '1:17', "')'"],
    ['T | where n # 1', '1:13', "'#'"],
    ['T | join kind=inner (T) on $left.n == $left.n', '1:39', '$right'],
    ['', '1:1', 'no tabular expression'],
  ])('%j → %s', (query, position, fragment) => {
    const e = errorOf(query);
    expect(e.code).toBe('SyntaxError');
    expect(e.message).toContain(position);
    expect(e.message).toContain(fragment);
  });

  it('exposes line and column as properties', () => {
    const e = errorOf('T\n  | where (n');
    expect([e.line, e.column]).toEqual([2, 13]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KqlError');
  });

  it('bounds nested sub-queries too', () => {
    const e = errorOf(`${'('.repeat(3000)}T${')'.repeat(3000)}`);
    expect(e.code).toBe('SyntaxError');
    expect(run('((T | take 1)) | count')).toEqual({ columns: [{ name: 'Count', type: 'long' }], rows: [[1]] });
  });

  it('rejects absurd nesting with a SyntaxError instead of overflowing the stack', () => {
    const e = errorOf(`T | where ${'('.repeat(5000)}1${')'.repeat(5000)} == 1`);
    expect(e.code).toBe('SyntaxError');
    expect(e.message).toContain('nested too deeply');
  });
});

describe('semantic errors', () => {
  it.each([
    ['Missing | take 1', 'UnknownTable', "'Missing'"],
    ['t | take 1', 'UnknownTable', "'t'"],
    ['T | where Name == "a"', 'SemanticError', "'Name'"],
    ['T | project nope', 'SemanticError', "'nope'"],
    ['T | extend x = frobnicate(n)', 'UnknownFunction', "'frobnicate'"],
    ['T | render timechart', 'SemanticError', "'render'"],
    ['T | where n == "1"', 'SemanticError', 'Cannot compare values of types long and string'],
    ['T | where name', 'SemanticError', 'must be a bool'],
    ['T | extend x = substring()', 'SemanticError', "'substring' expects 2 to 3"],
    ['T | extend c = count()', 'SemanticError', 'only be used in summarize'],
    ['T | summarize n + 1', 'SemanticError', 'aggregation function'],
    ['T | summarize percentiles(n, 50, 90)', 'UnknownFunction', "'percentiles'"],
    ['T | make-series c = count() on n step 1', 'SemanticError', "'make-series'"],
    ['T | extend x = toscalar(T | count)', 'UnknownFunction', "'toscalar'"],
    ['T | take n', 'SemanticError', 'constant'],
    ["T | where name matches regex '('", 'SemanticError', 'Invalid regular expression'],
    ['T | extend x = name.field', 'SemanticError', 'only dynamic values'],
    ["T | extend x = 'a' + 'b'", 'SemanticError', "Operator '+'"],
    ["T | extend d = datetime_diff('fortnight', now(), now())", 'SemanticError', 'fortnight'],
    ['T | project-away nope', 'SemanticError', "'nope'"],
    ['T | join kind=inner (T) on missing', 'SemanticError', "'missing'"],
    ['T | join kind=sideways (T) on n', 'SemanticError', 'sideways'],
    ['T; T', 'SemanticError', 'Only one tabular expression'],
    ['T | summarize arg_max(*, n)', 'SemanticError', 'arg_max'],
  ])('%s → %s', (query, code, fragment) => {
    const e = errorOf(query);
    expect(e.code).toBe(code);
    expect(e.message).toContain(fragment);
  });

  it('wraps a failing table source in an InternalError that keeps the cause', () => {
    const boom = new Error('estate exploded');
    const Broken: KqlTableSource = {
      columns: { a: 'long' },
      rows: () => {
        throw boom;
      },
    };
    try {
      runKql('Broken | take 1', { tables: { Broken }, now: new Date() });
      expect.unreachable('query should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(KqlError);
      expect((e as KqlError).code).toBe('InternalError');
      expect((e as KqlError).cause).toBe(boom);
    }
  });

  it('never throws anything but KqlError for mangled versions of real queries', () => {
    const base = `let N = 6h; T | where n > ago(N) and props.s =~ 'x' | summarize arg_max(n, *) by name | extend d = datetime_diff('hour', now(), now()) | order by n asc | take 5`;
    let seed = 42;
    const rand = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const pieces = [
      '(',
      ')',
      '|',
      "'",
      '"',
      '..',
      '[',
      ']',
      '{',
      '}',
      ',',
      '=',
      '==',
      '!',
      'by',
      'let',
      ';',
      '*',
      '.',
      '-',
      '1d',
      'dynamic(',
      'datetime(',
      '$left',
    ];
    let failures = 0;
    for (let i = 0; i < 400; i++) {
      let q = base;
      for (let m = 0; m < 1 + rand(3); m++) {
        const p = rand(q.length);
        q = rand(2) === 0 ? q.slice(0, p) + q.slice(p + 1 + rand(6)) : q.slice(0, p) + (pieces[rand(pieces.length)] ?? '') + q.slice(p);
      }
      try {
        run(q);
      } catch (e) {
        expect(e, q).toBeInstanceOf(KqlError);
        failures++;
      }
    }
    // Most mutations break the query; the point is that every break is a KqlError.
    expect(failures).toBeGreaterThan(100);
  });
});
