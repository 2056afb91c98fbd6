import { UnsupportedError } from '../core/errors.js';
import type { Grid3 } from '../core/grid.js';
import type { Volume } from '../core/volume.js';
import { type BackendId, resolveBackend } from '../../kernels/dose/index.js';
import type { DoseBackendRequest } from './dose-defaults.js';
import type { Machine } from './machine.js';
import type { Plan } from './plan.js';

/**
 * Dose engines behind one interface with an availability check and a registry (matRad DoseEngineBase style).
 * A backend is where an engine's hot loops run: 'js' is the plain-TypeScript path, the others are gpu.js modes.
 */

/** What actually ran (reported in every output). */
export type DoseBackendId = 'js' | BackendId;

export { DOSE_BACKEND_REQUESTS, type DoseBackendRequest } from './dose-defaults.js';

/** Inputs every engine receives, already validated by computeDose. */
export interface EngineInputs {
  readonly red: Volume<'RED', Float32Array>;
  readonly plan: Plan;
  readonly machine: Machine;
  readonly doseGrid: Grid3;
  readonly backend: DoseBackendId;
  /** Lateral (iso-plane) spacing of the radiological-depth fan grid and of the scatter maps, mm. */
  readonly fanSpacingMm: number;
  /** Axial spacing of the fan grid (along the central axis), mm. */
  readonly fanAxialSpacingMm: number;
  /** Threads for the 'js' backend (main thread included). */
  readonly threads: number;
  readonly onBeamDone?: (beamIndex: number, elapsedMs: number) => void;
}

export interface EngineOutput {
  /** Total dose (Gy) on the dose grid, x fastest. */
  readonly doseGy: Float32Array;
  readonly perBeamMs: readonly number[];
}

export interface DoseEngine {
  /** Short id, e.g. 'pencil-beam'. */
  readonly id: string;
  readonly name: string;
  /** Why this engine cannot compute `plan` with `machine`, or undefined when it can. */
  unavailableReason(plan: Plan, machine: Machine): string | undefined;
  compute(inputs: EngineInputs): Promise<EngineOutput>;
}

const registry = new Map<string, DoseEngine>();

/** Adds an engine to the registry (id must be new). */
export function registerDoseEngine(engine: DoseEngine): void {
  if (registry.has(engine.id)) throw new UnsupportedError(`dose engine '${engine.id}' is already registered`);
  registry.set(engine.id, engine);
}

/** A registered engine by id. */
export function getDoseEngine(id: string): DoseEngine {
  const engine = registry.get(id);
  if (engine === undefined)
    throw new UnsupportedError(
      `unknown dose engine '${id}' (registered: ${[...registry.keys()].join(', ')})`,
    );
  return engine;
}

export const listDoseEngines = (): readonly DoseEngine[] => [...registry.values()];

/**
 * The backend that will run: 'auto' takes a GPU backend when one answers (webgpu, then headlessgl/webgl2/webgl),
 * else 'js' — measured faster than gpu.js webasm and cpu modes on this engine (tests/bench/dose.bench.ts,
 * docs/backends.md). Explicit gpu.js requests must be available or the call throws UnsupportedError.
 */
export async function resolveDoseBackend(request: DoseBackendRequest): Promise<DoseBackendId> {
  if (request === 'js') return 'js';
  if (request === 'auto') {
    const best = await resolveBackend('auto');
    return best === 'webasm' || best === 'cpu' ? 'js' : best;
  }
  try {
    return await resolveBackend(request);
  } catch (error) {
    throw new UnsupportedError((error as Error).message, { backend: request });
  }
}
