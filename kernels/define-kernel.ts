/**
 * The kernel contract (see kernels/README.md): a kernel is a pure gpu.js function plus its helper functions,
 * compiled per context and output size, run under the async contract, read back as one flat Float32Array in
 * the volume memory order (x fastest: index = x + nx * (y + ny * z)).
 */
import { type IGPUKernelSettings, Input, type IKernelFunctionThis, type KernelFunction } from 'gpu.js';
import type { GpuContext } from './gpu-context.js';

/** `this` inside a kernel: thread.x/y/z = output indices (i/j/k for volume outputs). */
export type KernelThis = IKernelFunctionThis<Record<string, number>>;

/** Output size [nx, ny, nz] (x fastest). */
export type KernelOutputSize = readonly [number, number, number];

/** One kernel: its name (for errors and the browser harness), function and helpers. No captured variables. */
export interface KernelSpec {
  readonly name: string;
  /** The kernel function; gpu.js transpiles its source text, so it may use only its arguments and `this`. */
  readonly fn: (this: KernelThis, ...args: never[]) => number;
  /** Helper functions called by `fn` (each pure, no closures). */
  readonly helpers: readonly ((...args: never[]) => number)[];
}

/** Arguments a kernel accepts: numbers, flat Float32Arrays (1D access) or `volumeInput`s (3D access [z][y][x]). */
export type KernelArg = number | Float32Array | Input;

/** A flat x-fastest array viewed by the kernel as `a[z][y][x]` (no copy). */
export const volumeInput = (data: Float32Array, size: KernelOutputSize): Input =>
  new Input(data as unknown as number[], [size[0], size[1], size[2]]);

type Compiled = ((...args: KernelArg[]) => Promise<unknown>) & {
  destroy?: (removeCanvasReferences?: boolean) => void;
};
const cache = new WeakMap<GpuContext, Map<string, Compiled>>();

/** Flattens gpu.js's nested 3D result (z → y → Float32Array row) into one x-fastest Float32Array. */
export function flattenKernelOutput(result: unknown, size: KernelOutputSize): Float32Array {
  const [nx, ny, nz] = size;
  if (result instanceof Float32Array && result.length === nx * ny * nz) return result;
  const out = new Float32Array(nx * ny * nz);
  const planes = result as ArrayLike<ArrayLike<ArrayLike<number>>>;
  for (let z = 0; z < nz; z++) {
    const plane = planes[z] as ArrayLike<ArrayLike<number>>;
    for (let y = 0; y < ny; y++) out.set(plane[y] as ArrayLike<number>, nx * (y + ny * z));
  }
  return out;
}

/**
 * Runs `spec` on `ctx` with output `size` and loop bound `loopMaxIterations` (the largest trip count of any
 * loop in the kernel); compiled kernels are cached per context, spec, size and bound.
 */
export async function runKernel(
  ctx: GpuContext,
  spec: KernelSpec,
  size: KernelOutputSize,
  loopMaxIterations: number,
  args: readonly KernelArg[],
): Promise<Float32Array> {
  let perContext = cache.get(ctx);
  if (perContext === undefined) {
    perContext = new Map();
    cache.set(ctx, perContext);
  }
  // gpu.js bakes argument shapes into the compiled kernel (its dynamicArguments mode is broken on the cpu
  // backend), so the shapes are part of the cache key.
  const shapes = args.map((a) =>
    typeof a === 'number' ? 'n' : a instanceof Float32Array ? `f${a.length}` : `i${a.size.join('x')}`,
  );
  const key = `${spec.name}|${size.join('x')}|${loopMaxIterations}|${shapes.join(',')}`;
  let kernel = perContext.get(key);
  if (kernel === undefined) {
    kernel = ctx.gpu.createKernel(
      spec.fn as unknown as KernelFunction,
      {
        output: [size[0], size[1], size[2]],
        loopMaxIterations: Math.max(1, Math.ceil(loopMaxIterations)),
        precision: 'single',
        tactic: 'precision',
        asyncMode: true,
        functions: spec.helpers as unknown as ((...a: number[]) => number)[],
      } as IGPUKernelSettings,
    ) as unknown as Compiled;
    perContext.set(key, kernel);
  }
  const result = await kernel(...args);
  return flattenKernelOutput(result, size);
}
