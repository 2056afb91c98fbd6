import { createGpuContext } from '../../kernels/dose/index.js';
import { type BeamSetup, prepareBeam, withFanSize } from './beam-setup.js';
import type { DoseEngine, EngineInputs, EngineOutput } from './engine.js';
import { beamDoseOnGpuPath } from './pencil-beam-gpu.js';
import { ERF_TABLE } from './depth-tables.js';
import { type DoseSlabPool, sharedDoseSlabPool } from './dose-slab-pool.js';
import { beamDoseJs, doseSlabInputs, fanDepthJs, fanDepthParams, scatterMapsJs } from './pencil-beam-js.js';

/** A zero-filled Float32Array over a SharedArrayBuffer (visible to the dose worker threads without copies). */
const sharedFloat32 = (n: number): Float32Array => new Float32Array(new SharedArrayBuffer(4 * n));

function toShared(data: Float32Array): Float32Array {
  const out = sharedFloat32(data.length);
  out.set(data);
  return out;
}

/** One beam on the 'js' path, added into `total`: single-threaded, or split into slice bands over the pool. */
async function beamDoseOnJsPath(
  inputs: EngineInputs,
  setup: BeamSetup,
  total: Float32Array,
  pool: DoseSlabPool | undefined,
): Promise<void> {
  const { red, machine, doseGrid } = inputs;
  if (pool === undefined) {
    const depth = fanDepthJs(red, setup);
    beamDoseJs(doseGrid, setup, machine, depth, scatterMapsJs(setup, machine), total, true);
    return;
  }
  const { nu, nv, nw } = setup.fan;
  const depth = sharedFloat32(nu * nv * nw);
  await pool.runDepth({ params: fanDepthParams(red, setup), red: red.data, out: depth }, nv);
  const maps = toShared(scatterMapsJs(setup, machine)); // shared: no copy per worker
  const slab = doseSlabInputs(doseGrid, setup, machine, depth, true);
  const args = {
    params: slab.params,
    fan: depth,
    maps,
    rects: slab.rects,
    table: slab.table,
    erf: ERF_TABLE,
  };
  await pool.run({ ...args, out: total }, doseGrid.size[2]);
}

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
    const voxels = doseGrid.size[0] * doseGrid.size[1] * doseGrid.size[2];
    const pool = backend === 'js' && inputs.threads > 1 ? sharedDoseSlabPool(inputs.threads) : undefined;
    // the workers read the RED volume from shared memory: one copy per computeDose, none per beam
    const jsInputs: EngineInputs =
      pool === undefined ? inputs : { ...inputs, red: { ...red, data: toShared(red.data) } };
    // workers write the dose into shared memory
    const total = pool === undefined ? new Float32Array(voxels) : sharedFloat32(voxels);
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
        if (ctx === undefined) await beamDoseOnJsPath(jsInputs, setup, total, pool);
        else {
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
    return { doseGy: pool === undefined ? total : Float32Array.from(total), perBeamMs };
  },
};
