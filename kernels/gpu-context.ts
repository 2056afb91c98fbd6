/**
 * The ONLY place that constructs a gpu.js `GPU`. Every kernel call in equidose runs under gpu.js's async
 * contract (`asyncMode: true`): webgpu readback is asynchronous by nature, and webasm only splits work
 * across worker threads under that contract.
 */
import { GPU } from 'gpu.js';

/** What a user may ask for with --backend. */
export type BackendRequest = 'auto' | 'webgpu' | 'webgl2' | 'webgl' | 'headlessgl' | 'webasm' | 'cpu';
/** What actually ran: reported in every output. */
export type BackendId = Exclude<BackendRequest, 'auto'>;

export const BACKEND_REQUESTS: readonly BackendRequest[] = [
  'auto',
  'webgpu',
  'webgl2',
  'webgl',
  'headlessgl',
  'webasm',
  'cpu',
];

export interface GpuContext {
  readonly gpu: GPU;
  readonly backend: BackendId;
  /** Releases kernels, textures and worker pools. */
  destroy(): Promise<void>;
}

/** gpu.js reports the GL backends this way; map to our ids. */
const GL_ORDER: readonly BackendId[] = ['headlessgl', 'webgl2', 'webgl'];

function isGlSupported(backend: BackendId): boolean {
  switch (backend) {
    case 'headlessgl':
      return GPU.isHeadlessGLSupported;
    case 'webgl2':
      return GPU.isWebGL2Supported;
    case 'webgl':
      return GPU.isWebGLSupported;
    default:
      return false;
  }
}

/**
 * In Node, WebGPU comes from the `webgpu` package (Dawn). It needs glibc ≥ 2.38 and a Vulkan driver; where it
 * cannot load, WebGPU is simply unavailable. In a browser `navigator.gpu` is already there.
 */
async function ensureNodeWebGpu(): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown }; process?: unknown };
  if (g.navigator?.gpu !== undefined || g.process === undefined) return;
  try {
    const pkg = 'webgpu';
    const mod = (await import(/* @vite-ignore */ pkg)) as {
      create: (flags: string[]) => unknown;
      globals: object;
    };
    Object.assign(globalThis, mod.globals);
    const gpu = mod.create([]);
    if (g.navigator === undefined)
      Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
    else Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  } catch {
    // Dawn could not load here (old glibc, no Vulkan): WebGPU stays unavailable.
  }
}

/** True when a WebGPU adapter actually answers. */
export async function isWebGpuAvailable(): Promise<boolean> {
  await ensureNodeWebGpu();
  return GPU.isWebGPUAvailable();
}

/** Resolves `request` to a backend that works here; throws when an explicit request cannot be met. */
export async function resolveBackend(request: BackendRequest): Promise<BackendId> {
  if (request === 'auto') {
    if (await isWebGpuAvailable()) return 'webgpu';
    const gl = GL_ORDER.find(isGlSupported);
    if (gl !== undefined) return gl;
    return GPU.isWebAssemblySupported ? 'webasm' : 'cpu';
  }
  if (request === 'webgpu') {
    if (!(await isWebGpuAvailable()))
      throw new Error('backend webgpu requested but no WebGPU adapter is available here');
    return 'webgpu';
  }
  if (request === 'webasm') {
    if (!GPU.isWebAssemblySupported)
      throw new Error('backend webasm requested but WebAssembly is not supported here');
    return 'webasm';
  }
  if (request === 'cpu') return 'cpu';
  if (!isGlSupported(request)) throw new Error(`backend ${request} requested but it is not available here`);
  return request;
}

/** A GPU context on the requested backend (precision 'single', the precision we ship and benchmark). */
export async function createGpuContext(request: BackendRequest = 'auto'): Promise<GpuContext> {
  const backend = await resolveBackend(request);
  const gpu = new GPU({ mode: backend });
  return {
    gpu,
    backend,
    async destroy() {
      await gpu.destroy();
    },
  };
}
