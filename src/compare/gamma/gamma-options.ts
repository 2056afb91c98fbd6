import { InputError } from '../../core/errors.js';

/**
 * Gamma criteria as a user gives them (Low et al. 1998, Med Phys 25:656). Only `doseDiffPercent` and
 * `distanceMm` are required; the rest default as documented.
 */
export interface GammaOptions {
  /** Dose-difference criterion, % (of the normalisation dose for global, of the reference voxel dose for local). */
  readonly doseDiffPercent: number;
  /** Distance-to-agreement criterion, mm. */
  readonly distanceMm: number;
  /** 'global' (default): ΔD = doseDiffPercent % of `globalNormGy`; 'local': % of each reference voxel's dose. */
  readonly normalisation?: 'global' | 'local';
  /** Normalisation dose (Gy) for global gamma and for the cutoff; default: the reference maximum. */
  readonly globalNormGy?: number;
  /** Reference voxels below this % of the normalisation dose are not evaluated (default 10). */
  readonly lowerDoseCutoffPercent?: number;
  /** Search step = distanceMm / interpFraction (PyMedPhys `interp_fraction`; default 10). */
  readonly interpFraction?: number;
  /** Search stops at this γ; larger values are reported as maxGamma (default 2). Search radius = maxGamma·DTA. */
  readonly maxGamma?: number;
}

/**
 * Gamma criteria normalised once, with every derived quantity the search needs (PyMedPhys
 * `GammaInternalFixedOptions.from_user_inputs` idea). Frozen: pass it around, never mutate.
 */
export interface GammaCriteria {
  readonly doseDiffPercent: number;
  readonly distanceMm: number;
  readonly normalisation: 'global' | 'local';
  /** Normalisation dose in Gy (given, or the reference maximum). */
  readonly globalNormGy: number;
  readonly lowerDoseCutoffPercent: number;
  readonly interpFraction: number;
  readonly maxGamma: number;
  /** Reference voxels with dose < this (Gy) are not evaluated: lowerDoseCutoffPercent % of globalNormGy. */
  readonly lowerDoseCutoffGy: number;
  /** Global dose-difference criterion ΔD in Gy (doseDiffPercent % of globalNormGy); unused for local. */
  readonly globalDoseDiffGy: number;
  /** Lattice pitch of the search offsets, mm: distanceMm / interpFraction. */
  readonly searchStepMm: number;
  /** Largest offset searched, mm: maxGamma · distanceMm. */
  readonly searchRadiusMm: number;
}

/** Defaults used when an option is omitted (TG-218 style global gamma with a 10 % cutoff). */
export const GAMMA_DEFAULTS = Object.freeze({
  normalisation: 'global' as const,
  lowerDoseCutoffPercent: 10,
  interpFraction: 10,
  maxGamma: 2,
});

function positive(value: number, name: string, unit: string): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new InputError(`gamma ${name} must be a positive number (${unit}), got ${value}`, {
      [name]: value,
    });
  return value;
}

/**
 * Validates `options` and derives the frozen criteria.
 * @param referenceMaxGy the maximum of the reference dose (Gy), used when `globalNormGy` is not given.
 */
export function normaliseGammaOptions(options: GammaOptions, referenceMaxGy: number): GammaCriteria {
  const doseDiffPercent = positive(options.doseDiffPercent, 'doseDiffPercent', '%');
  const distanceMm = positive(options.distanceMm, 'distanceMm', 'mm');
  const normalisation = options.normalisation ?? GAMMA_DEFAULTS.normalisation;
  if (normalisation !== 'global' && normalisation !== 'local')
    throw new InputError(`gamma normalisation must be 'global' or 'local', got '${String(normalisation)}'`);
  const globalNormGy = positive(options.globalNormGy ?? referenceMaxGy, 'globalNormGy', 'Gy');
  const lowerDoseCutoffPercent = options.lowerDoseCutoffPercent ?? GAMMA_DEFAULTS.lowerDoseCutoffPercent;
  if (!Number.isFinite(lowerDoseCutoffPercent) || lowerDoseCutoffPercent < 0 || lowerDoseCutoffPercent >= 100)
    throw new InputError(`gamma lowerDoseCutoffPercent must be in [0, 100), got ${lowerDoseCutoffPercent}`);
  const interpFraction = positive(
    options.interpFraction ?? GAMMA_DEFAULTS.interpFraction,
    'interpFraction',
    '1',
  );
  if (!Number.isInteger(interpFraction) || interpFraction > 100)
    throw new InputError(`gamma interpFraction must be an integer in [1, 100], got ${interpFraction}`);
  const maxGamma = positive(options.maxGamma ?? GAMMA_DEFAULTS.maxGamma, 'maxGamma', '1');
  if (maxGamma > 10)
    throw new InputError(`gamma maxGamma must be ≤ 10 (search cost grows as maxGamma³), got ${maxGamma}`);
  return Object.freeze({
    doseDiffPercent,
    distanceMm,
    normalisation,
    globalNormGy,
    lowerDoseCutoffPercent,
    interpFraction,
    maxGamma,
    lowerDoseCutoffGy: (lowerDoseCutoffPercent / 100) * globalNormGy,
    globalDoseDiffGy: (doseDiffPercent / 100) * globalNormGy,
    searchStepMm: distanceMm / interpFraction,
    searchRadiusMm: maxGamma * distanceMm,
  });
}

/** Short label, e.g. "2%/2mm global, cutoff 10%". */
export const formatGammaCriteria = (c: GammaCriteria): string =>
  `${c.doseDiffPercent}%/${c.distanceMm}mm ${c.normalisation}, cutoff ${c.lowerDoseCutoffPercent}%`;
