/**
 * A kernel invocation that can cross the Node ↔ browser boundary as plain JSON: which registered kernel, on which
 * gpu.js mode, with which output size, loop bound and arguments. Typed arrays travel as number arrays.
 */
export type KernelCaseArg =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'flat'; readonly data: readonly number[] }
  | {
      readonly kind: 'volume';
      readonly data: readonly number[];
      readonly size: readonly [number, number, number];
    };

export interface KernelCase {
  /** A key of BROWSER_KERNELS (tests/browser/kernel-registry.ts). */
  readonly kernel: string;
  readonly output: readonly [number, number, number];
  readonly loopMaxIterations: number;
  readonly args: readonly KernelCaseArg[];
}

/** What the page reports about itself. */
export interface BrowserCapabilities {
  readonly webgpu: boolean;
  readonly webgpuAdapter: string | null;
  readonly webgl2: boolean;
  readonly webgl2Renderer: string | null;
}

/** The browser modes the harness exercises. */
export type BrowserMode = 'webgpu' | 'webgl2';

export const num = (value: number): KernelCaseArg => ({ kind: 'number', value });
export const flat = (data: ArrayLike<number>): KernelCaseArg => ({ kind: 'flat', data: Array.from(data) });
export const vol = (data: ArrayLike<number>, size: readonly [number, number, number]): KernelCaseArg => ({
  kind: 'volume',
  data: Array.from(data),
  size,
});

/** A Node-side kernel call (src/dose/pencil-beam-gpu.ts `KernelCall`) as a case the page can run. */
export function caseOfCall(call: {
  readonly spec: { readonly name: string };
  readonly size: readonly [number, number, number];
  readonly loopMaxIterations: number;
  readonly args: readonly unknown[];
}): KernelCase {
  const arg = (a: unknown): KernelCaseArg => {
    if (typeof a === 'number') return num(a);
    if (a instanceof Float32Array) return flat(a);
    // a gpu.js Input (volumeInput): its flat data and [nx, ny, nz]
    const input = a as { value: ArrayLike<number>; size: number[] };
    return vol(input.value, [input.size[0]!, input.size[1]!, input.size[2]!]);
  };
  return {
    kernel: call.spec.name,
    output: call.size,
    loopMaxIterations: call.loopMaxIterations,
    args: call.args.map(arg),
  };
}
