import { NumericalError } from '../core/errors.js';
import { gridEquals } from '../core/grid.js';
import { resampleVolume } from '../core/resample.js';
import type { Volume } from '../core/volume.js';
import { computeDose, type ComputeDoseOptions } from '../dose/compute-dose.js';
import type { Machine } from '../dose/machine.js';
import type { Plan } from '../dose/plan.js';

/** The rescaled plan and the dose check that produced it. */
export interface NormalizedPlan {
  readonly plan: Plan;
  /** PTV mean (Gy) of the input plan, and the MU factor applied (prescription / that mean). */
  readonly ptvMeanBeforeGy: number;
  readonly muScale: number;
}

/**
 * Scales every beam's MU by one factor so the PTV mean dose equals the plan's prescription (dose is linear in
 * MU, so one dose computation suffices). The PTV mask (1 inside, on `red`'s grid) is resampled by nearest
 * neighbour onto the dose grid when the engine's grid differs. MU are rounded to 0.01 MU.
 *
 * @throws NumericalError when the PTV receives no dose (empty PTV or fields missing it).
 */
export async function normalizePlanToPrescription(
  red: Volume<'RED'>,
  ptvMask: Volume<'mask'>,
  plan: Plan,
  machine: Machine,
  options: ComputeDoseOptions = {},
): Promise<NormalizedPlan> {
  const rxGy = plan.prescriptionGy ?? 2;
  const { dose } = await computeDose(red, plan, machine, options);
  const mask = gridEquals(dose.grid, ptvMask.grid)
    ? ptvMask
    : resampleVolume(ptvMask, dose.grid, { interpolation: 'nearest', fillValue: 0 });
  let sum = 0;
  let count = 0;
  for (let n = 0; n < dose.data.length; n++) {
    if ((mask.data[n] as number) >= 0.5) {
      sum += dose.data[n] as number;
      count++;
    }
  }
  const meanGy = count > 0 ? sum / count : 0;
  if (!(meanGy > 0))
    throw new NumericalError(`cannot normalise the plan: PTV mean dose is ${meanGy} Gy over ${count} voxels`);
  const muScale = rxGy / meanGy;
  return {
    plan: { ...plan, beams: plan.beams.map((b) => ({ ...b, mu: Math.round(b.mu * muScale * 100) / 100 })) },
    ptvMeanBeforeGy: meanGy,
    muScale,
  };
}
