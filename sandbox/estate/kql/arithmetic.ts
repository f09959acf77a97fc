// Arithmetic with Kusto's typing: long/real promotion, integer division, and datetime/timespan rules
// (datetime − datetime = timespan, datetime ± timespan, number × timespan, timespan / timespan = real).
import { semanticError, type Pos } from './errors.js';
import type { Compiled } from './compiled.js';
import type { KqlType } from './types.js';
import { Timespan, isIntegral, isNumeric, toDate, toNum, toSpan } from './values.js';

type Kind = 'num' | 'datetime' | 'timespan';
const kindOf = (t: KqlType): Kind | undefined =>
  isNumeric(t) ? 'num' : t === 'datetime' ? 'datetime' : t === 'timespan' ? 'timespan' : undefined;

/** Result kind of `a op b`, or undefined when Kusto has no such operator. */
function resultKind(op: string, a: Kind, b: Kind): Kind | 'real' | undefined {
  const pair = `${a}${op}${b}`;
  const table: Record<string, Kind | 'real'> = {
    'num+num': 'num',
    'num-num': 'num',
    'num*num': 'num',
    'num/num': 'num',
    'num%num': 'num',
    'datetime-datetime': 'timespan',
    'datetime+timespan': 'datetime',
    'datetime-timespan': 'datetime',
    'timespan+datetime': 'datetime',
    'timespan+timespan': 'timespan',
    'timespan-timespan': 'timespan',
    'timespan*num': 'timespan',
    'num*timespan': 'timespan',
    'timespan/num': 'timespan',
    'timespan/timespan': 'real',
    'timespan%timespan': 'timespan',
  };
  return table[pair];
}

const toKindValue = (k: Kind, v: unknown): number | null =>
  k === 'num' ? toNum(v) : k === 'datetime' ? (toDate(v)?.getTime() ?? null) : (toSpan(v)?.ms ?? null);

export function compileArithmetic(op: string, l: Compiled, r: Compiled, pos: Pos): Compiled {
  // A dynamic operand takes whichever kind makes the operation valid next to the other operand.
  const candidates = (c: Compiled, other: Compiled): Kind[] => {
    const k = kindOf(c.type);
    if (k) return [k];
    if (c.type === 'dynamic') return other.type === 'dynamic' ? ['num'] : ['num', 'timespan', 'datetime'];
    return [];
  };
  let chosen: [Kind, Kind, Kind | 'real'] | undefined;
  search: for (const a of candidates(l, r)) {
    for (const b of candidates(r, l)) {
      const k = resultKind(op, a, b);
      if (k) {
        chosen = [a, b, k];
        break search;
      }
    }
  }
  if (!chosen) throw semanticError(`Operator '${op}' cannot be applied to ${l.type} and ${r.type}`, pos);
  const [ka, kb, kr] = chosen;
  const integral = isIntegral(l.type) && isIntegral(r.type);
  const type: KqlType = kr === 'num' ? (integral ? 'long' : 'real') : kr;
  const calc = (a: number, b: number): number | null => {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0 && (integral || kr !== 'num')) return null;
        return integral ? Math.trunc(a / b) : a / b;
      default:
        if (b === 0) return integral || kr !== 'num' ? null : NaN;
        return a % b;
    }
  };
  return {
    type,
    eval: (row) => {
      const a = toKindValue(ka, l.eval(row));
      const b = toKindValue(kb, r.eval(row));
      if (a === null || b === null) return null;
      const v = calc(a, b);
      if (v === null) return null;
      return type === 'datetime' ? new Date(v) : type === 'timespan' ? new Timespan(v) : v;
    },
  };
}

export function compileNegate(c: Compiled, pos: Pos): Compiled {
  if (isNumeric(c.type) || c.type === 'dynamic')
    return { type: c.type === 'dynamic' ? 'real' : c.type, eval: (row) => ((n) => (n === null ? null : -n))(toNum(c.eval(row))) };
  if (c.type === 'timespan')
    return { type: 'timespan', eval: (row) => ((t) => (t === null ? null : new Timespan(-t.ms)))(toSpan(c.eval(row))) };
  throw semanticError(`Unary '-' cannot be applied to ${c.type}`, pos);
}
