import { createGpuContext } from '../../kernels/dose/index.js';
import { type BeamSetup, prepareBeam, withFanSize } from './beam-setup.js';
import type { DoseEngine, EngineInputs, EngineOutput } from './engine.js';
import { beamDoseOnGpuPath } from './pencil-beam-gpu.js';
import { beamDoseJs, fanDepthJs, scatterMapsJs } from './pencil-beam-js.js';

/** The photon pencil-beam engine: one fan-grid depth pass, scatter maps and a dose pass per beam. */
export const pencilBeamEngine: DoseEngine = {
  id: 'pencil-beam',
  name: 'Photon pencil beam (primary + scatter Gaussians, radiological depth by exact ray tracing)',
  unavailableReason(plan, machine) {
    if (plan.machine !== machine.id)
      return `plan is for machine '${plan.machine}' but machine '${machine.id}' was given`;
    return undefined;
  },
  async compute(inputs: EngineInputs): Promise<EngineOutput> {
    const { red, plan, machine, doseGrid, backend, fanSpacingMm, fanAxialSpacingMm } = inputs;
    const position = plan.patientPosition ?? 'HFS';
    const total = new Float32Array(doseGrid.size[0] * doseGrid.size[1] * doseGrid.size[2]);
    const perBeamMs: number[] = [];
    const ctx = backend === 'js' ? undefined : await createGpuContext(backend);
    let setups = plan.beams.map((beam) =>
      prepareBeam(beam, position, machine, red.grid, doseGrid, fanSpacingMm, fanAxialSpacingMm),
    );
    if (ctx !== undefined) {
      const max = (f: (s: BeamSetup) => number): number => Math.max(...setups.map(f));
      const [nu, nv, nw] = [max((s) => s.fan.nu), max((s) => s.fan.nv), max((s) => s.fan.nw)];
      setups = setups.map((s) => withFanSize(s, nu, nv, nw));
    }
    try {
      for (const [index, setup] of setups.entries()) {
        const t0 = performance.now();
        if (ctx === undefined) {
          const depth = fanDepthJs(red, setup);
          const maps = scatterMapsJs(setup, machine);
          beamDoseJs(doseGrid, setup, machine, depth, maps, total, true);
        } else {
          const dose = await beamDoseOnGpuPath(ctx, red, doseGrid, setup, machine);
          for (let n = 0; n < total.length; n++) total[n] = (total[n] as number) + (dose[n] as number);
        }
        const ms = performance.now() - t0;
        perBeamMs.push(ms);
        inputs.onBeamDone?.(index, ms);
      }
    } finally {
      await ctx?.destroy();
    }
    return { doseGy: total, perBeamMs };
  },
};
