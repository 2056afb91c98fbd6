import { NumericalError, PipelineError } from './errors.js';

/** Cheap runtime guard for programming invariants; throws a PipelineError with context. */
export function invariant(
  condition: unknown,
  message: string,
  context: Record<string, unknown> = {},
): asserts condition {
  if (!condition) throw new PipelineError('INPUT', message, context);
}

/** Throws NumericalError naming the first non-finite value (index and value). */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v))
      throw new NumericalError(`${what} has a non-finite value ${v} at index ${i}`, { index: i });
  }
}

/** Throws unless `values.length === expected`. */
export function assertLength(values: ArrayLike<unknown>, expected: number, what: string): void {
  if (values.length !== expected) {
    throw new PipelineError('INPUT', `${what} has ${values.length} elements, expected ${expected}`, {
      expected,
      actual: values.length,
    });
  }
}
