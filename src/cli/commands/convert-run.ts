import { type GeometryError, InputError, UsageError } from '../../core/errors.js';
import { gridMismatch } from '../../core/grid.js';
import type { Quantity, Volume } from '../../core/volume.js';
import { readImageSeries } from '../../dicom/image-series.js';
import { isDirectory, readDicomFile } from '../../dicom/parse.js';
import { isDicomPath, readDicomVolume } from '../../dicom/read-dicom-volume.js';
import { assertSameFrameOfReference, readRtStruct } from '../../dicom/rtstruct.js';
import { writeRtDose } from '../../dicom/rtdose-write.js';
import { type SourceSeries, writeImageSeries, writeSyntheticCtSeries } from '../../dicom/series-write.js';
import { readVolume } from '../../io/read-volume.js';
import { writeStructuresJson } from '../../io/structures-file.js';
import { volumeFileTypeOf } from '../../io/volume-format.js';
import { writeVolume } from '../../io/write-volume.js';
import { type CommandRun, type CommandIo, type OptionValues, optionalString } from '../command.js';

/** What `--as` names: the DICOM object to write, and the quantity it holds. */
const AS_QUANTITY = { ct: 'HU', mr: 'MR', rtdose: 'Gy' } as const satisfies Record<string, Quantity>;
type AsKind = keyof typeof AS_QUANTITY;

function parseAs(values: OptionValues): AsKind | undefined {
  const v = optionalString(values, 'as');
  if (v === undefined) return undefined;
  if (v === 'ct' || v === 'mr' || v === 'rtdose') return v;
  throw new UsageError(`--as must be ct, mr or rtdose, got '${v}'`);
}

/** The DICOM kind to write: --as, else the volume's quantity (HU → ct, MR → mr, Gy → rtdose). */
function outputKind(as: AsKind | undefined, quantity: Quantity): AsKind {
  if (as !== undefined) return as;
  const byQuantity = (Object.keys(AS_QUANTITY) as AsKind[]).find((k) => AS_QUANTITY[k] === quantity);
  if (byQuantity === undefined) {
    throw new UsageError(
      `the input holds '${quantity}' values: say which DICOM object to write with --as ct|mr|rtdose`,
    );
  }
  return byQuantity;
}

function readInput(input: string, as: AsKind | undefined, series: string | undefined): Volume {
  if (isDicomPath(input)) {
    const volume = readDicomVolume(input, series === undefined ? {} : { seriesInstanceUid: series });
    if (as !== undefined && volume.quantity !== AS_QUANTITY[as]) {
      throw new InputError(
        `the input holds ${volume.quantity} values; --as ${as} expects ${AS_QUANTITY[as]}`,
        {},
        input,
      );
    }
    return volume;
  }
  if (series !== undefined) throw new UsageError('--series applies to DICOM inputs only');
  return as === undefined ? readVolume(input) : readVolume(input, { quantity: AS_QUANTITY[as] });
}

/** The MR series an sCT derives from (--sct-source): the sCT must lie on its grid. */
function readSctSource(path: string, sct: Volume): SourceSeries {
  const mr = readImageSeries(path);
  if (mr.modality !== 'MR')
    throw new InputError(`--sct-source must be an MR series, found ${mr.modality}`, {}, path);
  const mismatch = gridMismatch(mr.volume.grid, sct.grid);
  if (mismatch !== undefined) {
    throw new InputError(
      `the sCT is not on the MR grid (${mismatch}); resample it onto the MR first`,
      {},
      path,
    );
  }
  return { ...mr, grid: mr.volume.grid };
}

function writeDicom(out: string, volume: Volume, kind: AsKind, sctSource: string | undefined): string[] {
  if (sctSource !== undefined && kind !== 'ct')
    throw new UsageError('--sct-source needs a CT output (--as ct)');
  const createdAt = new Date();
  if (kind === 'rtdose') {
    const written = writeRtDose(
      out,
      { ...volume, quantity: 'Gy' },
      { createdAt, seriesDescription: 'converted by equidose' },
    );
    return [`wrote RTDOSE ${out} (DoseGridScaling ${written.doseGridScaling})`, ...written.warnings];
  }
  if (kind === 'ct' && sctSource !== undefined) {
    const source = readSctSource(sctSource, volume);
    const written = writeSyntheticCtSeries(
      out,
      { ...volume, quantity: 'HU' },
      source,
      'equidose convert',
      createdAt,
    );
    return [
      `wrote synthetic CT series ${out}: ${written.files.size} slices in the MR's frame of reference`,
      ...written.warnings,
    ];
  }
  const modality = kind === 'ct' ? 'CT' : 'MR';
  const written = writeImageSeries(
    out,
    { ...volume, quantity: kind === 'ct' ? 'HU' : 'MR' },
    { modality, createdAt },
  );
  return [`wrote ${modality} series ${out}: ${written.files.size} slices`, ...written.warnings];
}

/**
 * RTSTRUCT → structures.json (contours only, label 0), after checking its frame of reference against
 * `--reference` (an image series or volume) when given.
 */
function convertRtStruct(input: string, out: string, reference: string | undefined): string[] {
  if (!out.toLowerCase().endsWith('.json')) {
    throw new UsageError('an RTSTRUCT converts to structures.json: give an output ending in .json');
  }
  const set = readRtStruct(input);
  const warnings = [...set.warnings];
  if (reference !== undefined) {
    const image = isDicomPath(reference) ? readImageSeries(reference) : undefined;
    const grid = image ? image.volume.grid : readVolume(reference).grid;
    if (grid.frameOfReferenceUid === '') warnings.push(`${reference} has no frame of reference: not checked`);
    try {
      assertSameFrameOfReference(set, grid, image?.seriesInstanceUid);
    } catch (error) {
      throw (error as GeometryError).withFile(input);
    }
  }
  writeStructuresJson(out, { ...set, structures: set.structures.map((s) => ({ ...s, label: 0 })) });
  return [`wrote ${out}: ${set.structures.length} structures (contours only)`, ...warnings];
}

const isRtStructFile = (path: string): boolean =>
  isDicomPath(path) && !isDirectory(path) && readDicomFile(path).modality === 'RTSTRUCT';

/** Runs one conversion; returns the lines to print (first = what was written, then warnings). */
export function convertVolume(input: string, out: string, values: OptionValues): string[] {
  const reference = optionalString(values, 'reference');
  if (isRtStructFile(input)) return convertRtStruct(input, out, reference);
  if (reference !== undefined) throw new UsageError('--reference applies to RTSTRUCT inputs only');
  const as = parseAs(values);
  const series = optionalString(values, 'series');
  const sctSource = optionalString(values, 'sct-source');
  const volume = readInput(input, as, series);
  if (volumeFileTypeOf(out) !== undefined) {
    if (sctSource !== undefined) throw new UsageError('--sct-source applies to DICOM output only');
    const tagged = as === undefined ? volume : { ...volume, quantity: AS_QUANTITY[as] };
    writeVolume(out, tagged);
    return [`wrote ${out} (${tagged.quantity}, ${tagged.grid.size.join('×')} voxels)`];
  }
  return writeDicom(out, volume, outputKind(as, volume.quantity), sctSource);
}

const report = (io: CommandIo, lines: readonly string[]): void => {
  const [first, ...warnings] = lines;
  io.stdout.write(`${first ?? ''}\n`);
  for (const w of warnings) io.stderr.write(`equidose: warning: ${w}\n`);
};

/** The `equidose convert` implementation (descriptor in ./convert.ts). */
export const runConvertCommand: CommandRun = (values, positionals, io) => {
  if (positionals.length !== 2) {
    throw new UsageError(
      `convert needs <in> and <out>, got ${positionals.length} arguments (see equidose convert --help)`,
    );
  }
  report(io, convertVolume(positionals[0] as string, positionals[1] as string, values));
  return Promise.resolve(0);
};
