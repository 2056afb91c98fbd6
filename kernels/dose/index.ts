/** The dose kernels and the kernel runtime, as src/dose reaches them (src never imports gpu.js itself). */
export { pencilBeamDoseKernel } from './pencil-beam-dose.kernel.js';
export { radiologicalPathSegmentKernel } from './radiological-path-segment.kernel.js';
export { scatterFluenceMapKernel } from './scatter-fluence-map.kernel.js';
export {
  runKernel,
  volumeInput,
  type KernelArg,
  type KernelOutputSize,
  type KernelSpec,
} from '../define-kernel.js';
export {
  createGpuContext,
  resolveBackend,
  type BackendId,
  type BackendRequest,
  type GpuContext,
} from '../gpu-context.js';
