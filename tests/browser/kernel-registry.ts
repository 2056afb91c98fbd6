import type { KernelSpec } from '../../kernels/define-kernel.js';
import { huToRedKernel } from '../../kernels/density/hu-to-red.kernel.js';
import { pencilBeamDoseKernel } from '../../kernels/dose/pencil-beam-dose.kernel.js';
import { radiologicalPathSegmentKernel } from '../../kernels/dose/radiological-path-segment.kernel.js';
import { scatterFluenceMapKernel } from '../../kernels/dose/scatter-fluence-map.kernel.js';
import { gammaShellSearchKernel } from '../../kernels/gamma/gamma-shell-search.kernel.js';

/**
 * Every kernel the browser harness can run, by name. To test a new kernel in the browser: add one line here
 * (see tests/browser/README.md), then call `harness.run({ kernel: '<name>', … }, mode)` from a *.browser.test.ts.
 */
export const BROWSER_KERNELS: Readonly<Record<string, KernelSpec>> = {
  [huToRedKernel.name]: huToRedKernel,
  [radiologicalPathSegmentKernel.name]: radiologicalPathSegmentKernel,
  [scatterFluenceMapKernel.name]: scatterFluenceMapKernel,
  [pencilBeamDoseKernel.name]: pencilBeamDoseKernel,
  [gammaShellSearchKernel.name]: gammaShellSearchKernel,
};
