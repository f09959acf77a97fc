// One error type for everything the engine rejects, so HTTP look-alikes can map it to a 400 without guessing.

export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly col: number;
}

export type KqlErrorCode = 'SyntaxError' | 'SemanticError' | 'UnknownTable' | 'UnknownFunction' | 'InternalError';

export class KqlError extends Error {
  readonly code: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: KqlErrorCode, message: string, pos?: Pos, options?: { cause?: unknown }) {
    super(pos ? `${message} (at ${pos.line}:${pos.col})` : message, options);
    this.name = 'KqlError';
    this.code = code;
    this.line = pos?.line;
    this.column = pos?.col;
  }
}

export function syntaxError(message: string, pos: Pos): KqlError {
  // Kusto reports syntax errors with their position first; tests and callers rely on "line:col" being present.
  return new KqlError('SyntaxError', message, pos);
}

export function semanticError(message: string, pos?: Pos): KqlError {
  return new KqlError('SemanticError', message, pos);
}
