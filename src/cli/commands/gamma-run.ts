import { GAMMA_BACKENDS, type GammaBackendRequest, computeGamma } from '../../compare/gamma/compute-gamma.js';
import { formatGammaCriteria, type GammaOptions } from '../../compare/gamma/gamma-options.js';
import type { GammaResult } from '../../compare/gamma/gamma-result.js';
import { UsageError } from '../../core/errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { volumeFileTypeOf } from '../../io/volume-format.js';
import { writeVolume } from '../../io/write-volume.js';
import {
  type CommandRun,
  type OptionValues,
  optionalNumber,
  optionalString,
  requireString,
} from '../command.js';
import { readDoseInput } from '../read-dose-input.js';

/** Checks that an output path has a volume extension (before any work is done). */
export function checkVolumeOutput(path: string | undefined, flag: string): void {
  if (path !== undefined && volumeFileTypeOf(path) === undefined)
    throw new UsageError(
      `--${flag} ${path}: unrecognised volume file type (use .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)`,
    );
}

function gammaOptionsFrom(values: OptionValues): GammaOptions {
  const dd = optionalNumber(values, 'dd');
  const dta = optionalNumber(values, 'dta');
  if (dd === undefined || dta === undefined)
    throw new UsageError('gamma needs --dd <percent> and --dta <mm>');
  const cutoff = optionalNumber(values, 'cutoff');
  const interp = optionalNumber(values, 'interp-fraction');
  const maxGamma = optionalNumber(values, 'max-gamma');
  const norm = optionalNumber(values, 'norm-dose');
  return {
    doseDiffPercent: dd,
    distanceMm: dta,
    normalisation: values.local === true ? 'local' : 'global',
    ...(cutoff === undefined ? {} : { lowerDoseCutoffPercent: cutoff }),
    ...(interp === undefined ? {} : { interpFraction: interp }),
    ...(maxGamma === undefined ? {} : { maxGamma }),
    ...(norm === undefined ? {} : { globalNormGy: norm }),
  };
}

function backendFrom(values: OptionValues): GammaBackendRequest {
  const b = optionalString(values, 'backend') ?? 'auto';
  if (!(GAMMA_BACKENDS as readonly string[]).includes(b))
    throw new UsageError(`--backend ${b}: expected one of ${GAMMA_BACKENDS.join(', ')}`);
  return b as GammaBackendRequest;
}

/** The JSON written by --json (numbers undefined here are null). */
export function gammaJson(result: GammaResult): Record<string, unknown> {
  const n = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return {
    passRatePercent: n(result.passRatePercent),
    evaluatedVoxels: result.evaluatedVoxelCount,
    meanGamma: n(result.meanGamma),
    gamma95thPercentile: n(result.gamma95thPercentile),
    maxGammaObserved: n(result.maxGammaObserved),
    histogram: result.histogram,
    criteria: result.criteria,
    backend: result.backend,
    timings: result.timings,
    mapEncoding:
      'float32 gamma on the reference grid; NaN = not evaluated (below cutoff); maxGamma = γ ≥ maxGamma',
  };
}

/** The `equidose gamma` implementation (descriptor in ./gamma.ts). */
export const runGammaCommand: CommandRun = async (values, _positionals, io) => {
  const refPath = requireString(values, 'ref');
  const evalPath = requireString(values, 'eval');
  const options = gammaOptionsFrom(values);
  const backend = backendFrom(values);
  const mapPath = optionalString(values, 'map');
  const jsonPath = optionalString(values, 'json');
  checkVolumeOutput(mapPath, 'map');
  const reference = readDoseInput(refPath);
  const evaluated = readDoseInput(evalPath);
  const result = await computeGamma(reference, evaluated, options, backend);
  const json = `${JSON.stringify(gammaJson(result), null, 2)}\n`;
  if (mapPath !== undefined) writeVolume(mapPath, result.gamma);
  if (jsonPath !== undefined) writeFileAtomic(jsonPath, json);
  const pct = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
  io.stdout.write(
    `gamma ${formatGammaCriteria(result.criteria)} (norm ${result.criteria.globalNormGy.toPrecision(4)} Gy): ` +
      `pass ${pct(result.passRatePercent)} % of ${result.evaluatedVoxelCount} voxels, mean ${pct(result.meanGamma)}, ` +
      `γ95 ${pct(result.gamma95thPercentile)} [${result.backend}, ${(result.timings.searchMs / 1000).toFixed(2)} s]\n`,
  );
  return 0;
};
