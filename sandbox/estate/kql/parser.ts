// Statements and tabular operators. Operator names are plain identifiers; hyphenated ones (project-away,
// mv-expand) are glued from `ident - ident` only when nothing separates the pieces, so `a-b` stays arithmetic.
import type { Expr, JoinKind, NamedExpr, Operator, Pipeline, SortKey, Source, Statement } from './ast.js';
import { semanticError, type Pos } from './errors.js';
import { tokenize } from './lexer.js';
import { ExprParser } from './parse-expr.js';
import type { KqlType } from './types.js';

const JOIN_KINDS = new Set<JoinKind>(['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi']);
const TYPE_NAMES: Readonly<Record<string, KqlType>> = {
  string: 'string', datetime: 'datetime', date: 'datetime', long: 'long', int: 'int', real: 'real', double: 'real', decimal: 'real',
  bool: 'bool', boolean: 'bool', timespan: 'timespan', time: 'timespan', dynamic: 'dynamic', guid: 'guid',
};

export function parseQuery(text: string): Statement[] {
  return new QueryParser(tokenize(text)).parseStatements();
}

class QueryParser extends ExprParser {
  parseStatements(): Statement[] {
    const out: Statement[] = [];
    while (this.peek().kind !== 'eof') {
      if (this.acceptOp(';')) continue;
      const pos = this.peek().pos;
      if (this.acceptWord('let')) {
        const name = this.expectName('a name after let');
        this.expectOp('=');
        const value = this.startsTabular() ? ({ kind: 'tabular', pipeline: this.parsePipeline() } as const) : ({ kind: 'scalar', expr: this.parseExpr() } as const);
        out.push({ kind: 'let', name, value, pos });
      } else {
        out.push({ kind: 'query', pipeline: this.parsePipeline(), pos });
      }
      if (this.peek().kind !== 'eof') {
        if (!this.isOp(';')) this.fail(out[out.length - 1]?.kind === 'query' ? "'|' or ';'" : "';'");
      }
    }
    return out;
  }

  /** After `let x =`: a table name followed by `|`, union/print, or a parenthesised pipeline. */
  private startsTabular(): boolean {
    const t = this.peek();
    if (t.kind === 'ident') return this.isOp('|', 1) || ((t.text === 'union' || t.text === 'print') && !this.isOp('(', 1));
    if (!this.isOp('(')) return false;
    let depth = 0;
    for (let k = 0; ; k++) {
      const u = this.peek(k);
      if (u.kind === 'eof') return false;
      if (u.kind !== 'op') continue;
      if (u.text === '(' || u.text === '[' || u.text === '{') depth++;
      else if (u.text === ')' || u.text === ']' || u.text === '}') {
        if (--depth === 0) return false;
      } else if (u.text === '|' && depth === 1) return true;
    }
  }

  private parsePipeline(): Pipeline {
    const source = this.parseSource();
    const ops: Operator[] = [];
    while (this.acceptOp('|')) ops.push(this.parseOperator());
    return { source, ops };
  }

  private parseSource(): Source {
    const t = this.peek();
    if (this.acceptOp('(')) {
      const pipeline = this.parsePipeline();
      this.expectOp(')');
      return { kind: 'pipeline', pipeline, pos: t.pos };
    }
    if (t.kind === 'ident' && t.text === 'union' && !this.isOp('|', 1)) {
      this.next();
      return { kind: 'union', tables: this.parseUnionTables(), pos: t.pos };
    }
    if (t.kind === 'ident' && t.text === 'print' && !this.isOp('|', 1)) {
      this.next();
      return { kind: 'print', items: this.parseNamedList(), pos: t.pos };
    }
    return { kind: 'table', name: this.expectName('a table name'), pos: t.pos };
  }

  /** Operator name, gluing `project-away`, `mv-expand` … from adjacent tokens. */
  private operatorName(): { name: string; pos: Pos } {
    const first = this.peek();
    if (first.kind !== 'ident') this.fail('a query operator');
    this.next();
    let name = first.text;
    let end = first.end;
    while (this.isOp('-') && this.peek().pos.offset === end && this.peek(1).kind === 'ident' && this.peek(1).pos.offset === end + 1) {
      this.next();
      const part = this.next();
      name += `-${part.text}`;
      end = part.end;
    }
    return { name, pos: first.pos };
  }

  private parseOperator(): Operator {
    const { name, pos } = this.operatorName();
    switch (name) {
      case 'where':
      case 'filter':
        return { kind: 'where', predicate: this.parseExpr(), pos };
      case 'extend':
        return { kind: 'extend', items: this.parseNamedList(), pos };
      case 'project':
        return { kind: 'project', items: this.parseNamedList(), pos };
      case 'project-away':
      case 'project-keep':
      case 'project-reorder':
        return { kind: name, patterns: this.parsePatterns(), pos };
      case 'project-rename': {
        const renames: { to: string; from: string; pos: Pos }[] = [];
        do {
          const at = this.peek().pos;
          const to = this.expectName('a new column name');
          this.expectOp('=');
          renames.push({ to, from: this.expectName('an existing column name'), pos: at });
        } while (this.acceptOp(','));
        return { kind: 'project-rename', renames, pos };
      }
      case 'summarize': {
        const aggs = this.isWord('by') ? [] : this.parseNamedList();
        const by = this.acceptWord('by') ? this.parseNamedList() : [];
        if (aggs.length === 0 && by.length === 0) this.fail('an aggregation or \'by\'');
        return { kind: 'summarize', aggs, by, pos };
      }
      case 'order':
      case 'sort': {
        this.expectWord('by');
        const keys: SortKey[] = [];
        do keys.push(this.parseSortKey());
        while (this.acceptOp(','));
        return { kind: 'order', keys, pos };
      }
      case 'take':
      case 'limit':
        return { kind: 'take', count: this.parseExpr(), pos };
      case 'top': {
        const count = this.parseExpr();
        this.expectWord('by');
        return { kind: 'top', count, key: this.parseSortKey(), pos };
      }
      case 'distinct':
        return { kind: 'distinct', items: this.acceptOp('*') ? '*' : this.parseNamedList(), pos };
      case 'count':
        return { kind: 'count', pos };
      case 'serialize':
        return { kind: 'serialize', pos };
      case 'mv-expand':
        return this.parseMvExpand(pos);
      case 'join':
        return this.parseJoin(pos);
      case 'union':
        return { kind: 'union', tables: this.parseUnionTables(), pos };
      default:
        throw semanticError(`Unsupported query operator '${name}'`, pos);
    }
  }

  private parseNamedList(): NamedExpr[] {
    const items: NamedExpr[] = [];
    do items.push(this.parseNamedItem());
    while (this.acceptOp(','));
    return items;
  }

  /** `name = expr`, `['name'] = expr` or a bare `expr`. */
  private parseNamedItem(): NamedExpr {
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
  private parsePatterns(): { pattern: string; pos: Pos }[] {
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

  private parseSortKey(): SortKey {
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

  private parseOptions(allowed: readonly string[]): Map<string, string> {
    const options = new Map<string, string>();
    while (this.peek().kind === 'ident' && this.isOp('=', 1) && (allowed.includes(this.peek().text) || this.peek().text.startsWith('hint.'))) {
      const key = this.next().text;
      this.next();
      options.set(key, this.expectName(`a value for ${key}`));
    }
    return options;
  }

  private parseMvExpand(pos: Pos): Operator {
    const options = this.parseOptions(['kind', 'bagexpansion']);
    if (this.isWord('with_itemindex')) throw semanticError("mv-expand with_itemindex is not supported", this.peek().pos);
    if ((options.get('kind') ?? options.get('bagexpansion') ?? 'bag') !== 'bag') throw semanticError('mv-expand supports only kind=bag', pos);
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

  private parseJoin(pos: Pos): Operator {
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
        const b = this.parseSide();
        if (a.side === b.side) this.fail(`$${a.side === 'left' ? 'right' : 'left'}`);
        on.push(a.side === 'left' ? { left: a.name, right: b.name, pos: at } : { left: b.name, right: a.name, pos: at });
      } else {
        const name = this.expectName('a join key column');
        on.push({ left: name, right: name, pos: at });
      }
    } while (this.acceptOp(','));
    return { kind: 'join', joinKind, right, on, pos };
  }

  private parseSide(): { side: 'left' | 'right'; name: string } {
    const side = this.next().text === '$left' ? 'left' : 'right';
    this.expectOp('.');
    return { side, name: this.expectName('a column name') };
  }

  /** A table operand of join/union: a name or a parenthesised pipeline. */
  private parseTableArg(): Pipeline {
    const t = this.peek();
    if (this.acceptOp('(')) {
      const p = this.parsePipeline();
      this.expectOp(')');
      return p;
    }
    return { source: { kind: 'table', name: this.expectName('a table name or (subquery)'), pos: t.pos }, ops: [] };
  }

  private parseUnionTables(): Pipeline[] {
    const options = this.parseOptions(['kind', 'isfuzzy']);
    if (this.isWord('withsource')) throw semanticError('union withsource is not supported', this.peek().pos);
    if ((options.get('kind') ?? 'outer') !== 'outer') throw semanticError('union supports only kind=outer', this.peek().pos);
    const tables: Pipeline[] = [];
    do tables.push(this.parseTableArg());
    while (this.acceptOp(','));
    return tables;
  }
}
