// Statements and tabular operators. Operator names are plain identifiers; hyphenated ones (project-away,
// mv-expand) are glued from `ident - ident` only when nothing separates the pieces, so `a-b` stays arithmetic.
import type { Operator, Pipeline, SortKey, Source, Statement } from './ast.js';
import { semanticError, syntaxError, type Pos } from './errors.js';
import { MAX_DEPTH } from './cursor.js';
import { tokenize } from './lexer.js';
import { OperatorArgsParser } from './parse-ops.js';

export function parseQuery(text: string): Statement[] {
  return new QueryParser(tokenize(text)).parseStatements();
}

class QueryParser extends OperatorArgsParser {
  parseStatements(): Statement[] {
    const out: Statement[] = [];
    while (this.peek().kind !== 'eof') {
      if (this.acceptOp(';')) continue;
      const pos = this.peek().pos;
      if (this.acceptWord('let')) {
        const name = this.expectName('a name after let');
        this.expectOp('=');
        const value = this.startsTabular()
          ? ({ kind: 'tabular', pipeline: this.parsePipeline() } as const)
          : ({ kind: 'scalar', expr: this.parseExpr() } as const);
        out.push({ kind: 'let', name, value, pos });
      } else {
        out.push({ kind: 'query', pipeline: this.parsePipeline(), pos });
      }
      if (this.peek().kind !== 'eof') {
        if (!this.isOp(';')) this.fail(out[out.length - 1]?.kind === 'query' ? "'|' or ';'" : "';'");
      }
    }
    if (!out.some((s) => s.kind === 'query'))
      throw syntaxError('Syntax error: the query has no tabular expression to return', this.peek().pos);
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

  protected parsePipeline(): Pipeline {
    // Sub-pipelines nest through (…), join and union; bound them like expressions.
    if (++this.depth > MAX_DEPTH) throw syntaxError('Syntax error: query nested too deeply', this.peek().pos);
    try {
      const source = this.parseSource();
      const ops: Operator[] = [];
      while (this.acceptOp('|')) ops.push(this.parseOperator());
      return { source, ops };
    } finally {
      this.depth--;
    }
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
        if (aggs.length === 0 && by.length === 0) this.fail("an aggregation or 'by'");
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
}
