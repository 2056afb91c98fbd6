/**
 * Typed pipeline errors. Every failure the user can cause (bad file, bad geometry, unsupported content)
 * is one of these, so the CLI can print one line naming the file and the problem and exit 1.
 */

/** Machine-readable error families. */
export type PipelineErrorCode = 'INPUT' | 'GEOMETRY' | 'UNSUPPORTED' | 'NUMERICAL' | 'USAGE';

/** Free-form diagnostic context: what was expected, what was found, shapes, tags. */
export type ErrorContext = Readonly<Record<string, unknown>>;

export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  readonly context: ErrorContext;
  /** The file (or directory) the problem is in, when there is one; the CLI prefixes it. */
  readonly file: string | undefined;

  constructor(code: PipelineErrorCode, message: string, context: ErrorContext = {}, file?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.context = context;
    this.file = file;
  }

  /** The same error, attributed to `file` (keeps an existing attribution). */
  withFile(file: string): PipelineError {
    if (this.file !== undefined) return this;
    const Ctor = this.constructor as new (m: string, c: ErrorContext, f?: string) => PipelineError;
    const copy = new Ctor(this.message, this.context, file);
    copy.stack = this.stack ?? '';
    return copy;
  }
}

/** Unreadable, corrupt or inconsistent input data (truncated file, header/data mismatch, bad JSON). */
export class InputError extends PipelineError {
  constructor(message: string, context: ErrorContext = {}, file?: string) {
    super('INPUT', message, context, file);
  }
}

/** Grids that do not match, non-uniform slices, missing slices, unsupported orientation. */
export class GeometryError extends PipelineError {
  constructor(message: string, context: ErrorContext = {}, file?: string) {
    super('GEOMETRY', message, context, file);
  }
}

/** Valid input that this tool deliberately does not handle (a transfer syntax, a patient position). */
export class UnsupportedError extends PipelineError {
  constructor(message: string, context: ErrorContext = {}, file?: string) {
    super('UNSUPPORTED', message, context, file);
  }
}

/** NaN/Inf or a result outside its physical range. */
export class NumericalError extends PipelineError {
  constructor(message: string, context: ErrorContext = {}, file?: string) {
    super('NUMERICAL', message, context, file);
  }
}

/** Bad command-line usage (unknown flag, missing argument): the CLI exits 2 for these. */
export class UsageError extends PipelineError {
  constructor(message: string, context: ErrorContext = {}) {
    super('USAGE', message, context);
  }
}
