import { InputError } from '../core/errors.js';
import type { Grid3 } from '../core/grid.js';
import { assertFinite } from '../core/invariant.js';
import { createVolume, type Volume } from '../core/volume.js';
import { createDoseGrid, DEFAULT_BODY_THRESHOLD_REL } from './dose-grid.js';
import { DEFAULT_DOSE_GRID_SPACING_MM } from './dose-defaults.js';
import { defaultDoseThreads } from './dose-slab-pool.js';
import {
  type DoseBackendId,
  type DoseBackendRequest,
  getDoseEngine,
  listDoseEngines,
  registerDoseEngine,
  resolveDoseBackend,
} from './engine.js';
import type { Machine } from './machine.js';
import { pencilBeamEngine } from './pencil-beam-engine.js';
import type { Plan } from './plan.js';
import { validatePlan } from './plan-file.js';

if (!listDoseEngines().some((e) => e.id === pencilBeamEngine.id)) registerDoseEngine(pencilBeamEngine);

export { DEFAULT_DOSE_GRID_SPACING_MM } from './dose-defaults.js';

/**
 * Upper bound of the default fan spacings (mm): the scatter maps are bilinearly interpolated on the fan lattice
 * (error h²/8·|f''| ≈ 0.3 % of a 20 mm scatter Gaussian at 5 mm), and heterogeneity edges blur over one fan step.
 */
export const MAX_DEFAULT_FAN_SPACING_MM = 5;

export interface ComputeDoseOptions {
  /** Isotropic dose-grid spacing, mm (default 2.5). Ignored when `doseGrid` is given. */
  readonly doseGridSpacingMm?: number;
  /** Explicit dose grid (any axes/spacing); default: the body bounding box at `doseGridSpacingMm`. */
  readonly doseGrid?: Grid3;
  /** RED threshold of the body bounding box (default 0.2). */
  readonly bodyThresholdRel?: number;
  /** Where the hot loops run (default 'auto'). */
  readonly backend?: DoseBackendRequest;
  /** Engine id (default 'pencil-beam'). */
  readonly engine?: string;
  /**
   * Lateral (iso-plane) spacing of the radiological-depth fan grid and scatter maps, mm. Default: twice the
   * smallest dose-grid spacing, capped at 5 mm (and never below the axial spacing): radiological depth varies
   * slowly across rays, and the lateral dose gradient (penumbra) is evaluated analytically per voxel anyway.
   */
  readonly fanSpacingMm?: number;
  /** Axial spacing of the fan grid, mm. Default: the smallest dose-grid spacing, at most 5 mm. */
  readonly fanAxialSpacingMm?: number;
  /**
   * Threads of the 'js' backend, the main thread included (default: the machine's parallelism, at most 4). Each
   * beam's dose grid is split into bands of slices; results do not depend on the thread count.
   */
  readonly threads?: number;
  /** Fraction of beams done, 0..1. */
  readonly onProgress?: (fractionDone: number) => void;
}

export interface DoseResult {
  /** Total dose of all beams, Gy, on the dose grid (x fastest). */
  readonly dose: Volume<'Gy', Float32Array>;
  /** The backend that actually ran. */
  readonly backend: DoseBackendId;
  readonly engine: string;
  readonly machine: { readonly id: string; readonly version: string; readonly calibration: string };
  readonly timingsMs: {
    readonly total: number;
    readonly doseGrid: number;
    readonly perBeam: readonly number[];
  };
  readonly warnings: readonly string[];
}

/**
 * Stage entry: the plan's dose on a RED volume. Validates everything before computing; throws InputError /
 * GeometryError / UnsupportedError naming the problem.
 */
export async function computeDose(
  red: Volume<'RED'>,
  plan: Plan,
  machine: Machine,
  options: ComputeDoseOptions = {},
): Promise<DoseResult> {
  const t0 = performance.now();
  if (red.quantity !== 'RED')
    throw new InputError(`computeDose needs a RED volume, got '${String(red.quantity)}'`);
  validatePlan(plan);
  assertFinite(red.data, 'RED volume');
  const engine = getDoseEngine(options.engine ?? 'pencil-beam');
  const reason = engine.unavailableReason(plan, machine);
  if (reason !== undefined) throw new InputError(reason);
  const backend = await resolveDoseBackend(options.backend ?? 'auto');
  const redF32: Volume<'RED', Float32Array> =
    red.data instanceof Float32Array
      ? (red as Volume<'RED', Float32Array>)
      : createVolume(red.grid, 'RED', Float32Array.from(red.data));
  const doseGrid =
    options.doseGrid ??
    createDoseGrid(
      redF32,
      options.doseGridSpacingMm ?? DEFAULT_DOSE_GRID_SPACING_MM,
      options.bodyThresholdRel ?? DEFAULT_BODY_THRESHOLD_REL,
    );
  const tGrid = performance.now();
  const minSpacingMm = Math.min(...doseGrid.spacingMm);
  const fanAxialSpacingMm = options.fanAxialSpacingMm ?? Math.min(minSpacingMm, MAX_DEFAULT_FAN_SPACING_MM);
  const fanSpacingMm =
    options.fanSpacingMm ??
    Math.max(Math.min(2 * minSpacingMm, MAX_DEFAULT_FAN_SPACING_MM), fanAxialSpacingMm);
  const out = await engine.compute({
    red: redF32,
    plan,
    machine,
    doseGrid,
    backend,
    fanSpacingMm,
    fanAxialSpacingMm,
    threads: Math.max(1, Math.floor(options.threads ?? defaultDoseThreads())),
    onBeamDone: (index) => options.onProgress?.((index + 1) / plan.beams.length),
  });
  return {
    dose: createVolume(doseGrid, 'Gy', out.doseGy),
    backend,
    engine: engine.id,
    machine: { id: machine.id, version: machine.version, calibration: machine.calibrationStatement },
    timingsMs: { total: performance.now() - t0, doseGrid: tGrid - t0, perBeam: out.perBeamMs },
    warnings: [],
  };
}
