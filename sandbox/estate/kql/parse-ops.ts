// Arguments of the tabular operators (named expression lists, sort keys, join/union/mv-expand clauses).
// Kept apart from parser.ts, which decides which operator is being parsed.
import type { Expr, JoinKind, NamedExpr, Operator, Pipeline, SortKey } from './ast.js';
import { semanticError, type Pos } from './errors.js';
import { ExprParser } from './parse-expr.js';
import type { KqlType } from './types.js';

const JOIN_KINDS = new Set<JoinKind>([
  'innerunique',
  'inner',
  'leftouter',
  'rightouter',
  'fullouter',
  'leftanti',
  'rightanti',
  'leftsemi',
  'rightsemi',
]);
const TYPE_NAMES: Readonly<Record<string, KqlType>> = {
  string: 'string',
  datetime: 'datetime',
  date: 'datetime',
  long: 'long',
  int: 'int',
  real: 'real',
  double: 'real',
  decimal: 'real',
  bool: 'bool',
  boolean: 'bool',
  timespan: 'timespan',
  time: 'timespan',
  dynamic: 'dynamic',
  guid: 'guid',
};

export abstract class OperatorArgsParser extends ExprParser {
  protected abstract parsePipeline(): Pipeline;

  protected parseNamedList(): NamedExpr[] {
    const items: NamedExpr[] = [];
    do items.push(this.parseNamedItem());
    while (this.acceptOp(','));
    return items;
  }

  /** `name = expr`, `['name'] = expr` or a bare `expr`. */
  protected parseNamedItem(): NamedExpr {
    let name: string | undefined;
    if (this.peek().kind === 'ident' && this.isOp('=', 1)) {
      name = this.next().text;
      this.next();
    } else if (this.isOp('[') && this.peek(1).kind === 'string' && this.isOp(']', 2) && this.isOp('=', 3)) {
      name = this.expectName('a column name');
      this.next();
    }
    return { name, expr: this.parseExpr() };
  }

  /** Column names with optional `*` wildcards, as project-away takes them. */
  protected parsePatterns(): { pattern: string; pos: Pos }[] {
    const out: { pattern: string; pos: Pos }[] = [];
    do {
      const start = this.peek();
      let pattern = '';
      let end = start.pos.offset;
      while ((this.peek().kind === 'ident' || this.isOp('*')) && (pattern === '' || this.peek().pos.offset === end)) {
        const t = this.next();
        pattern += t.text;
        end = t.end;
      }
      if (pattern === '') pattern = this.expectName('a column name');
      out.push({ pattern, pos: start.pos });
    } while (this.acceptOp(','));
    return out;
  }

  protected parseSortKey(): SortKey {
    const expr = this.parseExpr();
    let desc = true;
    if (this.acceptWord('asc')) desc = false;
    else this.acceptWord('desc');
    // Kusto puts nulls last when descending and first when ascending unless told otherwise.
    let nullsFirst = !desc;
    if (this.acceptWord('nulls')) {
      if (this.acceptWord('first')) nullsFirst = true;
      else if (this.acceptWord('last')) nullsFirst = false;
      else this.fail("'first' or 'last'");
    }
    return { expr, desc, nullsFirst };
  }

  protected parseOptions(allowed: readonly string[]): Map<string, string> {
    const options = new Map<string, string>();
    while (
      this.peek().kind === 'ident' &&
      this.isOp('=', 1) &&
      (allowed.includes(this.peek().text) || this.peek().text.startsWith('hint.'))
    ) {
      const key = this.next().text;
      this.next();
      options.set(key, this.expectName(`a value for ${key}`));
    }
    return options;
  }

  protected parseMvExpand(pos: Pos): Operator {
    const options = this.parseOptions(['kind', 'bagexpansion']);
    if (this.isWord('with_itemindex')) throw semanticError('mv-expand with_itemindex is not supported', this.peek().pos);
    if ((options.get('kind') ?? options.get('bagexpansion') ?? 'bag') !== 'bag')
      throw semanticError('mv-expand supports only kind=bag', pos);
    const items: { name: string | undefined; expr: Expr; type: KqlType | undefined }[] = [];
    do {
      const item = this.parseNamedItem();
      let type: KqlType | undefined;
      if (this.acceptWord('to')) {
        this.expectWord('typeof');
        this.expectOp('(');
        const t = this.peek();
        type = TYPE_NAMES[this.expectName('a type name')];
        if (type === undefined) this.fail('a type name', t);
        this.expectOp(')');
      }
      items.push({ ...item, type });
    } while (this.acceptOp(','));
    const limit = this.acceptWord('limit') ? this.parseExpr() : undefined;
    return { kind: 'mv-expand', items, limit, pos };
  }

  protected parseJoin(pos: Pos): Operator {
    const options = this.parseOptions(['kind']);
    const kindText = options.get('kind') ?? 'innerunique';
    const joinKind = JOIN_KINDS.has(kindText as JoinKind) ? (kindText as JoinKind) : undefined;
    if (joinKind === undefined) throw semanticError(`Unsupported join kind '${kindText}'`, pos);
    const right = this.parseTableArg();
    this.expectWord('on');
    const on: { left: string; right: string; pos: Pos }[] = [];
    do {
      const at = this.peek().pos;
      if (this.isWord('$left') || this.isWord('$right')) {
        const a = this.parseSide();
        this.expectOp('==');
        const second = this.peek();
        const b = this.parseSide();
        if (a.side === b.side) this.fail(`$${a.side === 'left' ? 'right' : 'left'}`, second);
        on.push(a.side === 'left' ? { left: a.name, right: b.name, pos: at } : { left: b.name, right: a.name, pos: at });
      } else {
        const name = this.expectName('a join key column');
        on.push({ left: name, right: name, pos: at });
      }
    } while (this.acceptOp(','));
    return { kind: 'join', joinKind, right, on, pos };
  }

  protected parseSide(): { side: 'left' | 'right'; name: string } {
    if (!this.isWord('$left') && !this.isWord('$right')) this.fail('$left or $right');
    const side = this.next().text === '$left' ? 'left' : 'right';
    this.expectOp('.');
    return { side, name: this.expectName('a column name') };
  }

  /** A table operand of join/union: a name or a parenthesised pipeline. */
  protected parseTableArg(): Pipeline {
    const t = this.peek();
    if (this.acceptOp('(')) {
      const p = this.parsePipeline();
      this.expectOp(')');
      return p;
    }
    return { source: { kind: 'table', name: this.expectName('a table name or (subquery)'), pos: t.pos }, ops: [] };
  }

  protected parseUnionTables(): Pipeline[] {
    const options = this.parseOptions(['kind', 'isfuzzy']);
    if (this.isWord('withsource')) throw semanticError('union withsource is not supported', this.peek().pos);
    if ((options.get('kind') ?? 'outer') !== 'outer') throw semanticError('union supports only kind=outer', this.peek().pos);
    const tables: Pipeline[] = [];
    do tables.push(this.parseTableArg());
    while (this.acceptOp(','));
    return tables;
  }
}
