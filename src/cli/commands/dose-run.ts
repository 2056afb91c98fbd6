import { UsageError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec3.js';
import { valueRange } from '../../core/volume.js';
import { resolveHlut } from '../../density/hlut-file.js';
import { huToRedReference } from '../../density/hu-to-red-reference.js';
import { computeDose, DEFAULT_DOSE_GRID_SPACING_MM } from '../../dose/compute-dose.js';
import { doseAtLps } from '../../dose/dose-sampling.js';
import { DOSE_BACKEND_REQUESTS, type DoseBackendRequest } from '../../dose/engine.js';
import { loadMachine } from '../../dose/machine.js';
import { readPlanFile } from '../../dose/plan-file.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { readVolume } from '../../io/read-volume.js';
import { volumeFileTypeOf } from '../../io/volume-format.js';
import { writeVolume } from '../../io/write-volume.js';
import {
  type CommandRun,
  type OptionValues,
  optionalNumber,
  optionalString,
  requireString,
} from '../command.js';
import { createProgress } from '../progress.js';

function backendFrom(values: OptionValues): DoseBackendRequest {
  const b = optionalString(values, 'backend') ?? 'auto';
  if (!(DOSE_BACKEND_REQUESTS as readonly string[]).includes(b))
    throw new UsageError(`--backend ${b}: expected one of ${DOSE_BACKEND_REQUESTS.join(', ')}`);
  return b as DoseBackendRequest;
}

/** Dose at each distinct isocentre (beams grouped), Gy, null when the isocentre lies outside the dose grid. */
function isocentreDoses(
  beams: readonly { name: string; isocenterMm: Vec3 }[],
  dose: Parameters<typeof doseAtLps>[0],
): { isocenterMm: Vec3; beams: string[]; doseGy: number | null }[] {
  const groups: { isocenterMm: Vec3; beams: string[]; doseGy: number | null }[] = [];
  for (const b of beams) {
    const g = groups.find((x) =>
      x.isocenterMm.every((v, d) => Math.abs(v - (b.isocenterMm[d] as number)) < 1e-3),
    );
    if (g !== undefined) g.beams.push(b.name);
    else
      groups.push({
        isocenterMm: b.isocenterMm,
        beams: [b.name],
        doseGy: doseAtLps(dose, b.isocenterMm) ?? null,
      });
  }
  return groups;
}

/** The `equidose dose` implementation (descriptor in ./dose.ts). */
export const runDoseCommand: CommandRun = async (values, _positionals, io) => {
  const tStart = performance.now();
  const ctPath = requireString(values, 'ct');
  const planPath = requireString(values, 'plan');
  const outPath = requireString(values, 'out');
  const jsonPath = optionalString(values, 'json');
  if (volumeFileTypeOf(outPath) === undefined)
    throw new UsageError(
      `--out ${outPath}: unrecognised volume file type (use .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)`,
    );
  const spacingMm = optionalNumber(values, 'dose-grid-mm') ?? DEFAULT_DOSE_GRID_SPACING_MM;
  if (!(spacingMm > 0)) throw new UsageError(`--dose-grid-mm must be > 0, got ${spacingMm}`);
  const backend = backendFrom(values);
  // everything is read and validated before any computation or output
  const plan = readPlanFile(planPath);
  const machine = loadMachine(plan.machine);
  const hlut = resolveHlut(optionalString(values, 'hlut'));
  const ct = readVolume(ctPath, { quantity: 'HU' });
  const tRead = performance.now();
  const density = huToRedReference(ct, hlut);
  const tRed = performance.now();
  const progress = createProgress(io, 'dose');
  const result = await computeDose(density.red, plan, machine, {
    doseGridSpacingMm: spacingMm,
    backend,
    onProgress: progress.update,
  });
  progress.done();
  const tDose = performance.now();
  writeVolume(outPath, result.dose);
  const warnings = [...density.warnings, ...result.warnings];
  const summary = {
    maxDoseGy: valueRange(result.dose.data).max,
    isocenters: isocentreDoses(plan.beams, result.dose),
    backend: result.backend,
    engine: result.engine,
    machine: result.machine,
    hlut: { id: hlut.provenance.id, version: hlut.provenance.version, source: hlut.provenance.source },
    doseGrid: {
      size: result.dose.grid.size,
      spacingMm: result.dose.grid.spacingMm,
      originLpsMm: result.dose.grid.originLpsMm,
    },
    beams: plan.beams.map((b) => ({ name: b.name, mu: b.mu })),
    timingsMs: {
      read: tRead - tStart,
      huToRed: tRed - tRead,
      doseGrid: result.timingsMs.doseGrid,
      perBeam: result.timingsMs.perBeam,
      dose: tDose - tRed,
      write: performance.now() - tDose,
      total: performance.now() - tStart,
    },
    warnings,
  };
  if (jsonPath !== undefined) writeFileAtomic(jsonPath, `${JSON.stringify(summary, null, 2)}\n`);
  for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
  io.stdout.write(
    `dose: max ${summary.maxDoseGy.toFixed(4)} Gy on ${result.dose.grid.size.join('×')} voxels ` +
      `(backend ${result.backend}, ${summary.timingsMs.dose.toFixed(0)} ms) → ${outPath}\n`,
  );
  for (const iso of summary.isocenters)
    io.stdout.write(
      `  isocentre [${iso.isocenterMm.join(', ')}] mm (${iso.beams.join(', ')}): ${iso.doseGy === null ? 'outside the dose grid' : `${iso.doseGy.toFixed(4)} Gy`}\n`,
    );
  return 0;
};
