// Scalar semantics, table-driven through `print`: every function, operator, literal form and the
// datetime/timespan arithmetic rules.
import { describe, expect, it } from 'vitest';
import { Timespan, runKql, type KqlType } from '../../sandbox/estate/kql/index.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (iso: string): Date => new Date(iso);
const span = (ms: number): Timespan => new Timespan(ms);
const H = 36e5;
const D = 864e5;

function scalar(expr: string): { value: unknown; type: KqlType } {
  const result = runKql(`print v = ${expr}`, { tables: {}, now: NOW });
  return { value: result.rows[0]?.[0], type: result.columns[0]?.type ?? 'dynamic' };
}

type Case = [expr: string, value: unknown, type?: KqlType];

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)('%s', (expr, value, type) => {
      const r = scalar(expr);
      expect(r.value).toEqual(value);
      if (type) expect(r.type).toBe(type);
    });
  });
}

table('literals', [
  ["'single'", 'single', 'string'],
  ['"double \\"quoted\\""', 'double "quoted"', 'string'],
  ["@'C:\\path'", 'C:\\path', 'string'],
  ['42', 42, 'long'],
  ['2.5', 2.5, 'real'],
  ['1e3', 1000, 'real'],
  ['true', true, 'bool'],
  ['false', false, 'bool'],
  ['datetime(2026-01-01)', at('2026-01-01T00:00:00Z'), 'datetime'],
  ['datetime(2026-01-01T02:00:00Z)', at('2026-01-01T02:00:00Z'), 'datetime'],
  ['datetime(2026-01-01 02:30)', at('2026-01-01T02:30:00Z'), 'datetime'],
  ['datetime(2026-01-01T02:00:00.250+01:00)', at('2026-01-01T01:00:00.250Z'), 'datetime'],
  ['30m', span(30 * 6e4), 'timespan'],
  ['6h', span(6 * H), 'timespan'],
  ['1d', span(D), 'timespan'],
  ['15s', span(15e3), 'timespan'],
  ['100ms', span(100), 'timespan'],
  ['1.5h', span(1.5 * H), 'timespan'],
  ['2days', span(2 * D), 'timespan'],
  ['timespan(1.02:03:04)', span(D + 2 * H + 3 * 6e4 + 4e3), 'timespan'],
  ['timespan(00:30:00)', span(30 * 6e4), 'timespan'],
  ['timespan(2h)', span(2 * H), 'timespan'],
  ['dynamic([1, "a", {"b": null}])', [1, 'a', { b: null }], 'dynamic'],
  ['dynamic({\'k\': -1.5, "t": true})', { k: -1.5, t: true }, 'dynamic'],
  ['dynamic(null)', null, 'dynamic'],
  ['null', null, 'dynamic'],
  ['long(null)', null, 'long'],
  ['real(2)', 2, 'real'],
  ['guid(A1B2C3D4-0000-0000-0000-000000000001)', 'a1b2c3d4-0000-0000-0000-000000000001', 'guid'],
]);

table('arithmetic', [
  ['1 + 2', 3, 'long'],
  ['7 / 2', 3, 'long'],
  ['-7 / 2', -3, 'long'],
  ['7 % 3', 1, 'long'],
  ['7.0 / 2', 3.5, 'real'],
  ['2 * 3.5', 7, 'real'],
  ['1 / 0', null, 'long'],
  ['1 + 2 * 3', 7, 'long'],
  ['(1 + 2) * 3', 9, 'long'],
  ['10 - 2 - 3', 5, 'long'],
  ['-(2 + 3)', -5, 'long'],
  ['long(null) + 1', null, 'long'],
]);

table('datetime and timespan arithmetic', [
  ['datetime(2026-01-02) - datetime(2026-01-01)', span(D), 'timespan'],
  ['datetime(2026-01-01) + 1h', at('2026-01-01T01:00:00Z'), 'datetime'],
  ['datetime(2026-01-01) - 30m', at('2025-12-31T23:30:00Z'), 'datetime'],
  ['1h + datetime(2026-01-01)', at('2026-01-01T01:00:00Z'), 'datetime'],
  ['1h + 30m', span(90 * 6e4), 'timespan'],
  ['1h - 2h', span(-H), 'timespan'],
  ['2 * 1h', span(2 * H), 'timespan'],
  ['1s * 2.5', span(2500), 'timespan'],
  ['1s * 1830', span(1830e3), 'timespan'],
  ['1d / 1h', 24, 'real'],
  ['1h / 2', span(H / 2), 'timespan'],
  ['-1h', span(-H), 'timespan'],
  ['ago(6h)', at('2026-11-21T06:00:00Z'), 'datetime'],
  ['ago(1d) + 1d == now()', true, 'bool'],
  ['now()', NOW, 'datetime'],
  ['now(-1d)', at('2026-11-20T12:00:00Z'), 'datetime'],
]);

table('comparisons', [
  ["'a' == 'a'", true],
  ["'a' == 'A'", false],
  ["'a' =~ 'A'", true],
  ["'a' !~ 'A'", false],
  ["'abc' != 'abd'", true],
  ["'abc' <> 'abc'", false],
  ['1 < 2', true],
  ['2.5 >= 2', true],
  ['2 <= 1', false],
  ['1 == 1.0', true],
  ['datetime(2026-01-01) < datetime(2026-01-02)', true],
  ["datetime(2026-01-01) == '2026-01-01T00:00:00Z'", true],
  ['1h > 30m', true],
  ["dynamic(null) == 'x'", false],
  ["dynamic(null) != 'x'", false],
  ['long(null) < 1', false],
  ['long(null) == long(null)', false],
  ['true == true', true],
]);

table('string operators', [
  ["'Hello World' has 'world'", true],
  ["'Hello World' has 'wor'", false],
  ["'Hello World' !has 'wor'", true],
  ["'Hello World' has_cs 'world'", false],
  ["'microsoft.dataprotection/backupvaults' has 'dataprotection'", true],
  ["'microsoft.dataprotection/backupvaults' has 'dataprotection/backupvaults'", true],
  ["'Hello World' contains 'O W'", true],
  ["'Hello World' !contains 'xyz'", true],
  ["'Hello World' contains_cs 'world'", false],
  ["'Hello World' startswith 'hel'", true],
  ["'Hello World' !startswith 'hel'", false],
  ["'Hello World' startswith_cs 'hel'", false],
  ["'Hello World' endswith 'LD'", true],
  ["'Hello World' !endswith 'LD'", false],
  ["'Hello World' hasprefix 'wor'", true],
  ["'Hello World' hassuffix 'rld'", true],
  ["'abc' matches regex '^a.c$'", true],
  ["'ABC' matches regex '(?i)^abc$'", true],
  ["'abd' matches regex @'^a\\wc$'", false],
]);

table('in, between and logic', [
  ["'b' in ('a', 'b')", true],
  ["'B' in ('a', 'b')", false],
  ["'B' in~ ('a', 'b')", true],
  ["'c' !in ('a', 'b')", true],
  ["'B' !in~ ('a', 'b')", false],
  ['2 in (dynamic([1, 2]))', true],
  ['3 in (1, 2, 1 + 2)', true],
  ["dynamic({'s':'Failed'}).s in ('Failed', 'Cancelled')", true],
  ["'error in backup' has_any ('warn', 'backup')", true],
  ["'error in backup' has_all ('error', 'warn')", false],
  ['5 between (1 .. 5)', true],
  ['6 between (1 .. 5)', false],
  ['6 !between (1 .. 5)', true],
  ['datetime(2026-01-01T05:00:00Z) between (datetime(2026-01-01) .. 6h)', true],
  ['datetime(2026-01-01T07:00:00Z) between (datetime(2026-01-01) .. datetime(2026-01-01T06:00:00Z))', false],
  ['true and false', false],
  ['true or false', true],
  ['1 < 2 and 2 < 3 or false', true],
  ['not(1 > 2)', true],
  ['bool(null) and false', false],
  ['bool(null) or true', true],
  ['bool(null) and true', null],
]);

table('dynamic access', [
  ['dynamic({"a":{"b":[10,20]}}).a.b[1]', 20, 'dynamic'],
  ['dynamic([1,2,3])[-1]', 3],
  ['dynamic([1,2,3])[5]', null],
  ['dynamic({"x-y":1})[\'x-y\']', 1],
  ['dynamic({"a":1}).missing', null],
  ['dynamic({"a":1}).missing.deeper', null],
  ['dynamic({"a":1}).constructor', null],
  ['dynamic({"s":"Failed"}).s == \'Failed\'', true],
  ['dynamic({"s":"Failed"}).s =~ \'failed\'', true],
  ['dynamic({"n":3}).n > 2', true],
  ['dynamic({"n":3}).n + 1', 4, 'real'],
  ['todatetime(dynamic({"t":"2026-01-01T00:00:00Z"}).t) + 1d', at('2026-01-02T00:00:00Z')],
  ['dynamic({"d":"01:00:00"}).d + datetime(2026-01-01)', at('2026-01-01T01:00:00Z'), 'datetime'],
]);

table('conversion functions', [
  ['tostring(123)', '123', 'string'],
  ['tostring(2.5)', '2.5'],
  ['tostring(true)', 'true'],
  ['tostring(datetime(2026-01-01))', '2026-01-01T00:00:00Z'],
  ['tostring(90m)', '01:30:00'],
  ['tostring(dynamic({"a":1}))', '{"a":1}'],
  ['tostring(dynamic(null))', ''],
  ["tostring(dynamic({'s':'x'}).s)", 'x'],
  ["todatetime('2026-01-02T03:04:05Z')", at('2026-01-02T03:04:05Z'), 'datetime'],
  ["todatetime('garbage')", null],
  ["todatetime('2026-02-30')", null],
  ["totimespan('1.02:03:04')", span(D + 2 * H + 3 * 6e4 + 4e3), 'timespan'],
  ["totimespan('00:00:01.5')", span(1500)],
  ["toint('42')", 42, 'int'],
  ['tolong(3.9)', 3, 'long'],
  ["tolong('x')", null],
  ["todouble('2.5')", 2.5, 'real'],
  ['toreal(1)', 1, 'real'],
  ["tobool('true')", true, 'bool'],
  ['tobool(0)', false],
  ["tobool('maybe')", null],
  ["toguid('A1B2C3D4-0000-0000-0000-000000000001')", 'a1b2c3d4-0000-0000-0000-000000000001', 'guid'],
  ["toguid('nope')", null],
  ['parse_json(\'{"a":[1,2]}\')', { a: [1, 2] }, 'dynamic'],
  ["todynamic('[1]')", [1]],
  ["parse_json('nope')", 'nope', 'dynamic'],
]);

table('string functions', [
  ["tolower('AbC')", 'abc'],
  ["toupper('abc')", 'ABC'],
  ["strlen('héllo')", 5, 'long'],
  ["substring('abcdef', 2)", 'cdef'],
  ["substring('abcdef', 1, 3)", 'bcd'],
  ["substring('abc', 5)", ''],
  ["strcat('a', 1, true)", 'a1true'],
  ["strcat_delim('-', 'a', 'b')", 'a-b'],
  ["split('a/b/c', '/')", ['a', 'b', 'c'], 'dynamic'],
  ["split('a/b/c', '/', 1)", ['b']],
  ["trim(' ', '  x  ')", 'x'],
  ["trim(@'[\\s/]+', '/path/ ')", 'path'],
  ["trim_start('-', '--x--')", 'x--'],
  ["trim_end('-', '--x--')", '--x'],
  ["replace_string('a.b.c', '.', '/')", 'a/b/c'],
  ["replace_regex('abc123', @'(\\d+)', @'<\\1>')", 'abc<123>'],
  ["extract(@'jobs/(\\w+)', 1, '/vaults/v/jobs/abc')", 'abc'],
  ["extract(@'jobs/(\\w+)', 1, 'no match')", ''],
  ["extract('(a)(b)', 0, 'xaby')", 'ab'],
  ["indexof('abcabc', 'c')", 2],
  ["indexof('abc', 'z')", -1],
  ["hash('abc') == hash('abc')", true],
  ["hash('abc', 10) < 10", true],
]);

table('null and emptiness checks, conditionals', [
  ['isnull(dynamic(null))', true],
  ["isnull('')", false],
  ['isnotnull(1)', true],
  ["isempty('')", true],
  ['isempty(dynamic(null))', true],
  ["isnotempty('x')", true],
  ['isnotempty(dynamic({"a":1}).missing)', false],
  ["iff(1 > 2, 'a', 'b')", 'b', 'string'],
  ['iif(true, 1, 2.5)', 1, 'real'],
  ["iff(bool(null), 'a', 'b')", 'b'],
  ["case(1 > 2, 'a', 2 > 1, 'b', 'c')", 'b'],
  ['case(false, 1, 3)', 3, 'long'],
  ["coalesce('', 'b')", 'b'],
  ['coalesce(long(null), 5)', 5, 'long'],
  ["iff(true, 'x', null)", 'x', 'string'],
  ['gettype(dynamic([1]))', 'array'],
  ['gettype(dynamic({}))', 'dictionary'],
]);

table('datetime functions', [
  ["datetime_diff('second', datetime(2026-01-01T00:01:00Z), datetime(2026-01-01))", 60, 'long'],
  ["datetime_diff('minute', datetime(2026-01-01T01:00:00Z), datetime(2026-01-01))", 60],
  ["datetime_diff('hour', datetime(2017-10-31 01:00), datetime(2017-10-30 23:59))", 2],
  ["datetime_diff('day', datetime(2026-01-03), datetime(2026-01-01T23:00:00Z))", 2],
  ["datetime_diff('month', datetime(2026-03-01), datetime(2025-12-31))", 3],
  ["datetime_diff('year', datetime(2026-01-01), datetime(2025-12-31))", 1],
  ["datetime_diff('hour', datetime(2026-01-01), datetime(2026-01-01T05:00:00Z))", -5],
  ["datetime_add('month', 1, datetime(2026-01-31))", at('2026-02-28T00:00:00Z'), 'datetime'],
  ["datetime_add('hour', -2, datetime(2026-01-01))", at('2025-12-31T22:00:00Z')],
  ["datetime_add('day', 1, datetime(2026-11-21T09:00:00Z))", at('2026-11-22T09:00:00Z')],
  ['bin(datetime(2026-11-21T09:47:00Z), 1h)', at('2026-11-21T09:00:00Z'), 'datetime'],
  ['bin(datetime(2026-11-21T09:47:00Z), 1d)', at('2026-11-21T00:00:00Z')],
  ['floor(datetime(2026-11-21T09:47:00Z), 15m)', at('2026-11-21T09:45:00Z')],
  ['bin(17, 5)', 15, 'long'],
  ['bin(4.7, 0.5)', 4.5, 'real'],
  ['bin(95m, 1h)', span(H), 'timespan'],
  ['startofday(datetime(2026-11-21T09:47:00Z))', at('2026-11-21T00:00:00Z')],
  ['startofday(datetime(2026-11-21T09:47:00Z), -1)', at('2026-11-20T00:00:00Z')],
  ['endofday(datetime(2026-11-21T09:47:00Z))', at('2026-11-21T23:59:59.999Z')],
  ['startofmonth(datetime(2026-11-21T09:47:00Z))', at('2026-11-01T00:00:00Z')],
  ['startofweek(datetime(2026-11-21T09:47:00Z))', at('2026-11-15T00:00:00Z')],
  ['startofyear(datetime(2026-11-21))', at('2026-01-01T00:00:00Z')],
  ['endofmonth(datetime(2026-02-10))', at('2026-02-28T23:59:59.999Z')],
  ['dayofmonth(datetime(2026-11-21))', 21, 'int'],
  ['dayofweek(datetime(2026-11-21))', span(6 * D), 'timespan'],
  ['hourofday(datetime(2026-11-21T09:47:00Z))', 9, 'int'],
  ['getmonth(datetime(2026-11-21))', 11],
  ['getyear(datetime(2026-11-21))', 2026],
  ["format_datetime(datetime(2026-11-21T09:07:05.123Z), 'yyyy-MM-dd HH:mm:ss.fff')", '2026-11-21 09:07:05.123'],
  ["format_datetime(datetime(2026-11-21T19:07:05Z), 'M/d/yy h:mm tt')", '11/21/26 7:07 PM'],
  ['unixtime_seconds_todatetime(0)', at('1970-01-01T00:00:00Z')],
  ['make_datetime(2026, 2, 3)', at('2026-02-03T00:00:00Z')],
]);

table('math and dynamic functions', [
  ['round(2.5)', 3],
  ['round(-2.5)', -3],
  ['round(1.2345, 2)', 1.23, 'real'],
  ['abs(-3)', 3, 'long'],
  ['abs(-1h)', span(H), 'timespan'],
  ['ceiling(1.2)', 2],
  ['sqrt(9)', 3],
  ['pow(2, 10)', 1024],
  ['log(0)', null],
  ['min_of(3, 1, 2)', 1, 'long'],
  ['max_of(datetime(2026-01-01), datetime(2026-02-01))', at('2026-02-01T00:00:00Z'), 'datetime'],
  ['max_of(1, long(null), 2)', 2],
  ['array_length(dynamic([1,2,3]))', 3, 'long'],
  ['array_length(dynamic({}))', null],
  ['bag_keys(dynamic({"a":1,"b":2}))', ['a', 'b']],
  ["pack('a', 1, 'b', 'x')", { a: 1, b: 'x' }],
  ["bag_pack('when', datetime(2026-01-01))", { when: '2026-01-01T00:00:00Z' }],
  ["pack_array(1, 'x')", [1, 'x']],
]);

describe('let statements', () => {
  it('binds durations, datetimes, strings, numbers and dynamic arrays', () => {
    const q = `let N = 6h;
let Start = datetime(2026-11-21T00:00:00Z);
let Names = dynamic(['a', 'b']);
let Label = 'x';
let Limit = 2;
print a = ago(N + 1h), b = Start + N, c = 'b' in (Names), d = strcat(Label, Limit)`;
    const r = runKql(q, { tables: {}, now: NOW });
    expect(r.rows).toEqual([[at('2026-11-21T05:00:00Z'), at('2026-11-21T06:00:00Z'), true, 'x2']]);
  });
});
