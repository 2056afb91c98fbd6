/**
 * Browser side of the kernel harness (bundled by esbuild, loaded from a file:// page): runs registered kernels
 * through the same runtime as Node (kernels/define-kernel.ts on a kernels/gpu-context.ts context).
 */
import { type KernelArg, runKernel, volumeInput } from '../../kernels/define-kernel.js';
import { createGpuContext, type GpuContext } from '../../kernels/gpu-context.js';
import type { BrowserCapabilities, BrowserMode, KernelCase, KernelCaseArg } from './kernel-case.js';
import { BROWSER_KERNELS } from './kernel-registry.js';

const contexts = new Map<BrowserMode, Promise<GpuContext>>();

function toArg(a: KernelCaseArg): KernelArg {
  if (a.kind === 'number') return a.value;
  if (a.kind === 'flat') return Float32Array.from(a.data);
  return volumeInput(Float32Array.from(a.data), a.size);
}

async function run(c: KernelCase, mode: BrowserMode): Promise<number[]> {
  const spec = BROWSER_KERNELS[c.kernel];
  if (spec === undefined) throw new Error(`kernel '${c.kernel}' is not in tests/browser/kernel-registry.ts`);
  let ctx = contexts.get(mode);
  if (ctx === undefined) {
    ctx = createGpuContext(mode);
    contexts.set(mode, ctx);
  }
  const out = await runKernel(await ctx, spec, c.output, c.loopMaxIterations, c.args.map(toArg));
  return Array.from(out);
}

async function capabilities(): Promise<BrowserCapabilities> {
  const gpu = (
    navigator as Navigator & {
      gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string; vendor?: string } } | null> };
    }
  ).gpu;
  const adapter = gpu === undefined ? null : await gpu.requestAdapter();
  const gl = document.createElement('canvas').getContext('webgl2');
  return {
    webgpu: adapter !== null,
    webgpuAdapter:
      adapter === null ? null : `${adapter.info?.vendor ?? '?'}/${adapter.info?.architecture ?? '?'}`,
    webgl2: gl !== null,
    webgl2Renderer: gl === null ? null : String(gl.getParameter(gl.RENDERER)),
  };
}

(globalThis as unknown as { equidoseKernels: unknown }).equidoseKernels = { run, capabilities };
