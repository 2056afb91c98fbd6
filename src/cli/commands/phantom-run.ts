import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { createVolume, type Volume } from '../../core/volume.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { writeStructuresJson } from '../../io/structures-file.js';
import { writeVolume } from '../../io/write-volume.js';
import { buildPhantom, validateSeed, type PhantomCase } from '../../phantoms/build-phantom.js';
import { PHANTOM_SITES, type PhantomSite } from '../../phantoms/phantom-spec.js';
import { applySctErrors, type SctResult } from '../../phantoms/sct-error-models.js';
import { parseSctErrors, type SctError } from '../../phantoms/sct-error-spec.js';
import { normalizePhantomPlan, writePhantomDicom } from '../../phantoms/phantom-outputs.js';
import {
  type CommandRun,
  type OptionValues,
  optionalNumber,
  optionalString,
  requireString,
} from '../command.js';

/** The `equidose phantom` implementation (descriptor in ./phantom.ts). */
export const runPhantomCommand: CommandRun = async (values, _positionals, io) => {
  const { site, seed, out, format, mu, scale, errors } = parsePhantomArgs(values);
  // Everything is computed and validated before the first file is written.
  const t0 = performance.now();
  const phantom = buildPhantom(site, seed, { scale });
  const tBuild = performance.now() - t0;
  const sct = errors.length > 0 ? applySctErrors(phantom, errors) : undefined;
  const planResult =
    mu === 'engine'
      ? await normalizePhantomPlan(phantom)
      : { plan: phantom.plan, method: 'first-order estimate' };
  const written = format === 'nifti' ? writeNifti(out, phantom, sct) : writePhantomDicom(out, phantom, sct);
  writeStructuresJson(join(out, 'structures.json'), phantom.structures.set);
  writeFileAtomic(join(out, 'plan.json'), `${JSON.stringify(planResult.plan, null, 2)}\n`);
  writeFileAtomic(
    join(out, 'phantom.json'),
    `${JSON.stringify(
      {
        site,
        seed,
        scale,
        gridSize: phantom.grid.size,
        spacingMm: phantom.grid.spacingMm,
        frameOfReferenceUid: phantom.grid.frameOfReferenceUid,
        seedRange: seedRangeOf(phantom),
        muMethod: planResult.method,
        sctErrors: sct?.regions.map((r) => r.error) ?? [],
      },
      null,
      2,
    )}\n`,
  );
  io.stdout.write(
    `${site} seed ${seed} (${phantom.grid.size.join('×')} voxels, ${seedRangeOf(phantom)} range) → ${out}\n` +
      `  ${[...written, 'structures.json', 'plan.json', 'phantom.json'].join(', ')}\n` +
      `  MU: ${planResult.method}; generated in ${(tBuild / 1000).toFixed(2)} s\n`,
  );
  return 0;
};

interface PhantomArgs {
  site: PhantomSite;
  seed: number;
  out: string;
  format: 'nifti' | 'dicom';
  mu: 'engine' | 'estimate';
  scale: number;
  errors: SctError[];
}

/** Validates every option (UsageError for malformed flags, InputError for bad sCT error specs). */
function parsePhantomArgs(values: OptionValues): PhantomArgs {
  const site = requireString(values, 'site');
  if (!(PHANTOM_SITES as readonly string[]).includes(site))
    throw new UsageError(`--site must be one of ${PHANTOM_SITES.join(', ')}, got '${site}'`);
  const seedText = requireString(values, 'seed');
  const seed = /^\d+$/.test(seedText) ? Number(seedText) : NaN;
  if (!Number.isFinite(seed)) throw new UsageError(`--seed needs a non-negative integer, got '${seedText}'`);
  validateSeed(seed);
  const format = optionalString(values, 'format') ?? 'nifti';
  if (format !== 'nifti' && format !== 'dicom')
    throw new UsageError(`--format must be nifti or dicom, got '${format}'`);
  const mu = optionalString(values, 'mu') ?? 'engine';
  if (mu !== 'engine' && mu !== 'estimate')
    throw new UsageError(`--mu must be engine or estimate, got '${mu}'`);
  const scale = optionalNumber(values, 'scale') ?? 1;
  if (!(scale > 0 && scale <= 16)) throw new UsageError(`--scale must be in (0, 16], got ${scale}`);
  const rawErrors = values['sct-error'];
  const errors = parseSctErrors(Array.isArray(rawErrors) ? rawErrors.map(String) : []);
  return { site: site as PhantomSite, seed, out: requireString(values, 'out'), format, mu, scale, errors };
}

function writeNifti(out: string, phantom: PhantomCase, sct: SctResult | undefined): string[] {
  const files: [string, Volume][] = [
    ['ct.nii.gz', phantom.ct],
    ['mr.nii.gz', phantom.mr],
    ['structures.nii.gz', createVolume(phantom.grid, 'label', phantom.structures.labelMap)],
  ];
  if (sct) files.push(['sct.nii.gz', sct.sct]);
  for (const [name, volume] of files) writeVolume(join(out, name), volume);
  return files.map(([name]) => name);
}

/** Which documented seed range the case belongs to. */
function seedRangeOf(phantom: PhantomCase): string {
  const r = phantom.spec.seedRanges;
  for (const [name, [lo, hi]] of Object.entries(r)) if (phantom.seed >= lo && phantom.seed <= hi) return name;
  return 'unassigned';
}
