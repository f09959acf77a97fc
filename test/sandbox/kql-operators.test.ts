// Tabular operators over a small typed table: each operator's output schema and rows, exactly.
import { describe, expect, it } from 'vitest';
import { Timespan, runKql, type KqlResult, type KqlTableSource } from '../../sandbox/estate/kql/index.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (iso: string): Date => new Date(iso);

const T: KqlTableSource = {
  columns: { name: 'string', team: 'string', n: 'long', score: 'real', ts: 'datetime', props: 'dynamic' },
  rows: () => [
    {
      name: 'a',
      team: 'red',
      n: 1,
      score: 0.5,
      ts: at('2026-11-21T09:10:00Z'),
      props: { status: 'Failed', list: [1, 2], bag: { x: 1, y: 2 } },
    },
    { name: 'b', team: 'red', n: 3, score: 1.5, ts: at('2026-11-21T09:50:00Z'), props: { status: 'Completed', list: [] } },
    { name: 'c', team: 'blue', n: 2, score: null, ts: at('2026-11-21T10:20:00Z'), props: { status: 'Completed', list: [3] } },
    { name: 'd', team: 'blue', n: null, score: 4, ts: null, props: null },
  ],
};
const U: KqlTableSource = {
  columns: { team: 'string', lead: 'string' },
  rows: () => [
    { team: 'red', lead: 'rita' },
    { team: 'red', lead: 'rob' },
    { team: 'green', lead: 'gus' },
  ],
};

const run = (query: string, tables: Record<string, KqlTableSource> = { T, U }): KqlResult => runKql(query, { tables, now: NOW });
const names = (r: KqlResult): string[] => r.columns.map((c) => c.name);
const schema = (r: KqlResult): string[] => r.columns.map((c) => `${c.name}:${c.type}`);

describe('where / extend / project', () => {
  it('filters rows with a predicate over several columns', () => {
    expect(run("T | where n >= 2 and team == 'red'").rows.map((r) => r[0])).toEqual(['b']);
    expect(run('T | where isnull(n)').rows.map((r) => r[0])).toEqual(['d']);
    expect(run('T | filter props.status == "Completed"').rows.map((r) => r[0])).toEqual(['b', 'c']);
  });

  it('extend appends columns, sees earlier items and replaces existing names in place', () => {
    const r = run('T | extend double = n * 2, quad = double * 2, n = n + 100 | where name == "a"');
    expect(schema(r)).toEqual([
      'name:string',
      'team:string',
      'n:long',
      'score:real',
      'ts:datetime',
      'props:dynamic',
      'double:long',
      'quad:long',
    ]);
    expect(r.rows[0]?.slice(2, 3)).toEqual([101]);
    expect(r.rows[0]?.slice(6)).toEqual([2, 4]);
  });

  it('project rejects an explicit name given twice', () => {
    expect(() => run('T | project a = name, a = team')).toThrow(/Column 'a' is specified more than once/);
  });

  it('project renames, computes and infers column names like Kusto', () => {
    const r = run(
      "T | project name, who = toupper(name), props.status, tostring(props.status), bin(ts, 1h), strlen(name), props['list'] | take 1",
    );
    expect(names(r)).toEqual(['name', 'who', 'props_status', 'props_status1', 'ts', 'Column1', 'props_list']);
    expect(r.rows).toEqual([['a', 'A', 'Failed', 'Failed', at('2026-11-21T09:00:00Z'), 1, [1, 2]]]);
  });

  it('project-away, project-keep, project-reorder and project-rename', () => {
    expect(names(run('T | project-away props, sc*'))).toEqual(['name', 'team', 'n', 'ts']);
    expect(names(run('T | project-keep n*, ts'))).toEqual(['name', 'n', 'ts']);
    expect(names(run('T | project-reorder ts, n'))).toEqual(['ts', 'n', 'name', 'team', 'score', 'props']);
    const renamed = run('T | project-rename who = name, when = ts | take 1');
    expect(names(renamed)).toEqual(['who', 'team', 'n', 'score', 'when', 'props']);
    expect(renamed.rows[0]?.[0]).toBe('a');
  });
});

describe('row-dependent regex patterns', () => {
  it('extract, replace_regex, trim and matches regex accept patterns computed per row', () => {
    const r = run(`T | where isnotnull(n) | extend pat = strcat('(', team, ')')
      | project name, m = strcat(team, '-x') matches regex pat, e = extract(pat, 1, strcat('<', team, '>')),
        rr = replace_regex(team, pat, 'T'), t = trim(team, strcat(team, 'z', team))`);
    expect(r.rows).toEqual([
      ['a', true, 'red', 'T', 'z'],
      ['b', true, 'red', 'T', 'z'],
      ['c', true, 'blue', 'T', 'z'],
    ]);
  });
});

describe('summarize', () => {
  it('computes every aggregate per group', () => {
    const r = run(`T | summarize c = count(), failed = countif(props.status == 'Failed'), dn = dcount(n), s = sum(n), a = avg(score),
      lo = min(ts), hi = max(score), anyName = any(name), names = make_list(name), statuses = make_set(tostring(props.status)),
      p50 = percentile(n, 50) by team`);
    expect(schema(r)).toEqual([
      'team:string',
      'c:long',
      'failed:long',
      'dn:long',
      's:long',
      'a:real',
      'lo:datetime',
      'hi:real',
      'anyName:string',
      'names:dynamic',
      'statuses:dynamic',
      'p50:long',
    ]);
    expect(r.rows).toEqual([
      ['red', 2, 1, 2, 4, 1, at('2026-11-21T09:10:00Z'), 1.5, 'a', ['a', 'b'], ['Failed', 'Completed'], 1],
      ['blue', 2, 0, 1, 2, 4, at('2026-11-21T10:20:00Z'), 4, 'c', ['c', 'd'], ['Completed', ''], 2],
    ]);
  });

  it('names unnamed aggregates like Kusto (count_, sum_n, …) and accepts expressions over aggregates', () => {
    const r = run('T | summarize count(), sum(n), max(score), dcount(team), ratio = todouble(countif(n > 1)) / count()');
    expect(names(r)).toEqual(['count_', 'sum_n', 'max_score', 'dcount_team', 'ratio']);
    expect(r.rows).toEqual([[4, 6, 4, 2, 0.5]]);
  });

  it('groups by expressions (bin, named keys) and without aggregates yields distinct groups', () => {
    const r = run('T | where isnotnull(ts) | summarize count() by bin(ts, 1h), big = n > 1');
    expect(schema(r)).toEqual(['ts:datetime', 'big:bool', 'count_:long']);
    expect(r.rows).toEqual([
      [at('2026-11-21T09:00:00Z'), false, 1],
      [at('2026-11-21T09:00:00Z'), true, 1],
      [at('2026-11-21T10:00:00Z'), true, 1],
    ]);
    expect(run('T | summarize by team').rows).toEqual([['red'], ['blue']]);
  });

  it('without by returns one row even for empty input; with by returns none', () => {
    expect(run('T | where n > 100 | summarize count(), sum(n)').rows).toEqual([[0, null]]);
    expect(run('T | where n > 100 | summarize count() by team').rows).toEqual([]);
  });

  it('arg_max(x, *) does not repeat a by key written as `name = name`', () => {
    expect(names(run('T | summarize arg_max(n, *) by team = team'))).toEqual(['team', 'n', 'name', 'score', 'ts', 'props']);
  });

  it('arg_max/arg_min with explicit columns and with *, suffixing clashing names', () => {
    expect(run('T | summarize arg_min(n, name, score) by team').rows).toEqual([
      ['red', 1, 'a', 0.5],
      ['blue', 2, 'c', null],
    ]);
    const star = run('T | summarize arg_max(score, *) by team = toupper(team)');
    expect(names(star)).toEqual(['team', 'score', 'name', 'team1', 'n', 'ts', 'props']);
    expect(star.rows.map((r) => r.slice(0, 4))).toEqual([
      ['RED', 1.5, 'b', 'red'],
      ['BLUE', 4, 'd', 'blue'],
    ]);
  });
});

describe('order, take, top, distinct, count', () => {
  it('order by defaults to descending with nulls last; asc puts nulls first', () => {
    expect(run('T | order by n').rows.map((r) => r[0])).toEqual(['b', 'c', 'a', 'd']);
    expect(run('T | sort by n asc').rows.map((r) => r[0])).toEqual(['d', 'a', 'c', 'b']);
    expect(run('T | order by n asc nulls last').rows.map((r) => r[0])).toEqual(['a', 'c', 'b', 'd']);
    expect(run('T | order by team asc, score desc').rows.map((r) => r[0])).toEqual(['d', 'c', 'b', 'a']);
  });

  it('take / limit / top', () => {
    expect(run('T | take 2').rows.map((r) => r[0])).toEqual(['a', 'b']);
    expect(run('T | limit 0').rows).toEqual([]);
    expect(run('T | top 2 by score').rows.map((r) => r[0])).toEqual(['d', 'b']);
    expect(run('T | top 1 by ts asc').rows.map((r) => r[0])).toEqual(['d']);
  });

  it('distinct columns or *, and count', () => {
    expect(run('T | distinct team').rows).toEqual([['red'], ['blue']]);
    expect(run('T | project team | distinct *').rows).toEqual([['red'], ['blue']]);
    expect(run('T | distinct team, big = n > 1').rows).toEqual([
      ['red', false],
      ['red', true],
      ['blue', true],
      ['blue', false],
    ]);
    const c = run('T | count');
    expect(schema(c)).toEqual(['Count:long']);
    expect(c.rows).toEqual([[4]]);
  });
});

describe('mv-expand', () => {
  it('expands arrays (empty → no row, null → one row) and bags', () => {
    const r = run('T | mv-expand item = props.list | project name, item');
    expect(r.rows).toEqual([
      ['a', 1],
      ['a', 2],
      ['c', 3],
      ['d', null],
    ]);
    const bags = run("T | where name == 'a' | mv-expand props.bag | project props_bag");
    expect(bags.rows).toEqual([[{ x: 1 }], [{ y: 2 }]]);
    const typed = run("T | where name == 'a' | mv-expand v = props.list to typeof(long) | project v");
    expect(schema(typed)).toEqual(['v:long']);
    expect(typed.rows).toEqual([[1], [2]]);
  });
});

describe('join and union', () => {
  it('join kind=inner pairs every match; clashing right columns get a suffix', () => {
    const r = run('T | join kind=inner (U) on team | project name, team, team1, lead');
    expect(r.rows).toEqual([
      ['a', 'red', 'red', 'rita'],
      ['a', 'red', 'red', 'rob'],
      ['b', 'red', 'red', 'rita'],
      ['b', 'red', 'red', 'rob'],
    ]);
  });

  it('default join (innerunique) keeps the first left row per key', () => {
    expect(run('T | join (U) on team | project name, lead').rows).toEqual([
      ['a', 'rita'],
      ['a', 'rob'],
    ]);
  });

  it('leftouter keeps unmatched left rows with empty right columns; $left/$right keys', () => {
    const r = run('T | join kind=leftouter (U | project squad = team, lead) on $left.team == $right.squad | project name, lead');
    expect(r.rows).toEqual([
      ['a', 'rita'],
      ['a', 'rob'],
      ['b', 'rita'],
      ['b', 'rob'],
      ['c', ''],
      ['d', ''],
    ]);
  });

  it('semi, anti, rightouter and fullouter joins', () => {
    expect(run('T | join kind=leftanti (U) on team | project name').rows).toEqual([['c'], ['d']]);
    expect(run('T | join kind=leftsemi (U) on team | project name').rows).toEqual([['a'], ['b']]);
    expect(run('T | join kind=rightanti (U) on team').rows).toEqual([['green', 'gus']]);
    const right = run('T | where name == "a" | join kind=rightouter (U) on team | project name, lead');
    expect(right.rows).toEqual([
      ['a', 'rita'],
      ['a', 'rob'],
      ['', 'gus'],
    ]);
    const full = run('T | where n == 2 | join kind=fullouter (U | where lead == "gus") on team | project name, lead');
    expect(full.rows).toEqual([
      ['c', ''],
      ['', 'gus'],
    ]);
  });

  it('union merges columns by name, as a source and as an operator', () => {
    const r = run('union (T | project name, team | take 1), (U | take 1)');
    expect(schema(r)).toEqual(['name:string', 'team:string', 'lead:string']);
    expect(r.rows).toEqual([
      ['a', 'red', ''],
      ['', 'red', 'rita'],
    ]);
    expect(run('U | union (U | take 1) | count').rows).toEqual([[4]]);
  });
});

describe('sources, let and schemas', () => {
  it('let-bound tabular expressions and table aliases can be reused (self-join)', () => {
    const q = `let Red = T | where team == 'red' | project name, team;
let Leads = U;
Red | join kind=inner (Leads) on team | summarize leads = make_set(lead) by name`;
    expect(run(q).rows).toEqual([
      ['a', ['rita', 'rob']],
      ['b', ['rita', 'rob']],
    ]);
    expect(run('let X = T | project name; X | join kind=inner (X) on name | count').rows).toEqual([[4]]);
  });

  it('print evaluates scalar expressions into a one-row table', () => {
    const r = run('print x = 1, y = "a", 1h');
    expect(schema(r)).toEqual(['x:long', 'y:string', 'Column1:timespan']);
    expect(r.rows).toEqual([[1, 'a', new Timespan(36e5)]]);
  });

  it('comments, newlines anywhere and bracketed names', () => {
    const q = `// leading comment
T // after the table
|
  where
    n == 1 // trailing
| project ['the name'] = name,
    ['team']`;
    const r = run(q);
    expect(names(r)).toEqual(['the name', 'team']);
    expect(r.rows).toEqual([['a', 'red']]);
  });

  it('infers the schema of undeclared tables from their rows', () => {
    const rows = [
      { id: 'x', count: 1, ratio: 1, ok: true, when: at('2026-01-01T00:00:00Z'), bag: { k: 'v' } },
      { id: 'y', count: 2, ratio: 1.5, ok: false, when: at('2026-01-02T00:00:00Z'), bag: null, extra: 'late' },
    ];
    const r = run('X | where when > datetime(2026-01-01) | extend k = tostring(bag.k)', { X: { rows: () => rows } });
    expect(schema(r)).toEqual([
      'id:string',
      'count:long',
      'ratio:real',
      'ok:bool',
      'when:datetime',
      'bag:dynamic',
      'extra:string',
      'k:string',
    ]);
    expect(r.rows).toEqual([['y', 2, 1.5, false, at('2026-01-02T00:00:00Z'), null, 'late', '']]);
  });

  it('an undeclared table without rows accepts any column and returns nothing', () => {
    const r = run("Empty | where type =~ 'x' and tostring(properties.status) == 'Failed' | project id, s = properties.status", {
      Empty: { rows: () => [] },
    });
    expect(schema(r)).toEqual(['id:dynamic', 's:dynamic']);
    expect(r.rows).toEqual([]);
  });

  it('converts declared column values (ISO strings to datetime, numbers to long)', () => {
    const src: KqlTableSource = {
      columns: { when: 'datetime', n: 'long', s: 'string', d: 'timespan' },
      rows: () => [{ when: '2026-01-01T00:00:00Z', n: '7', s: undefined, d: '01:00:00' }],
    };
    expect(run('S', { S: src }).rows).toEqual([[at('2026-01-01T00:00:00Z'), 7, '', new Timespan(36e5)]]);
  });

  it('reads rows lazily: rows() is called once per table reference', () => {
    let calls = 0;
    const src: KqlTableSource = {
      columns: { a: 'long' },
      rows: () => {
        calls++;
        return [{ a: 1 }];
      },
    };
    run('S | join kind=inner (S) on a', { S: src });
    expect(calls).toBe(2);
  });
});
