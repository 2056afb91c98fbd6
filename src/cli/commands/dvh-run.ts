import { computeDvh, cumulativeCurvePercent, type Dvh } from '../../compare/dvh/dvh.js';
import { doseMetricGy } from '../../compare/dvh/dvh-metrics.js';
import { labelOccupancy } from '../../compare/dvh/label-occupancy.js';
import type { StructureOccupancy } from '../../compare/dvh/occupancy.js';
import { rasterizeStructure } from '../../compare/dvh/rasterize-structure.js';
import { InputError, PipelineError } from '../../core/errors.js';
import type { Grid3 } from '../../core/grid.js';
import type { Volume } from '../../core/volume.js';
import { isDicomPath } from '../../dicom/read-dicom-volume.js';
import { readRtStruct } from '../../dicom/rtstruct.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { readVolume } from '../../io/read-volume.js';
import { type LabelledStructure, readStructuresJson } from '../../io/structures-file.js';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type CommandRun, optionalNumber, optionalString, requireString } from '../command.js';
import { readDoseInput } from '../read-dose-input.js';

/** One ROI of the --structures input, ready to rasterise on the dose grid. */
interface RoiSource {
  readonly structure: LabelledStructure | { name: string; contours: LabelledStructure['contours']; label: 0 };
  readonly labels?: Volume<'label'>;
}

/** The structures.json beside a label map: `<stem>.json`, else `structures.json` in its directory. */
function companionJson(labelsPath: string): string {
  const stem = basename(labelsPath).replace(/(\.nii\.gz|\.nii|\.nrrd|\.nhdr|\.mha|\.mhd)$/i, '');
  const candidates = [
    join(dirname(labelsPath), `${stem}.json`),
    join(dirname(labelsPath), 'structures.json'),
  ];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new InputError(
      `a label map needs its structures.json (looked for ${candidates.map((c) => basename(c)).join(' and ')}; or pass --structures-json)`,
      {},
      labelsPath,
    );
  return found;
}

/** RTSTRUCT, a structures.json (contours), or a label map with its structures.json. */
export function readRoiSources(path: string, structuresJson: string | undefined): RoiSource[] {
  if (!existsSync(path)) throw new InputError('no such file or directory', {}, path);
  if (isDicomPath(path)) return readRtStruct(path).structures.map((s) => ({ structure: { ...s, label: 0 } }));
  if (path.toLowerCase().endsWith('.json'))
    return readStructuresJson(path).structures.map((s) => ({ structure: s }));
  let labels: Volume<'label'>;
  try {
    labels = readVolume(path, { quantity: 'label' });
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
  const set = readStructuresJson(structuresJson ?? companionJson(path));
  return set.structures.map((s) => ({ structure: s, labels }));
}

/** Contours when the ROI has them (authoritative), else its label in the label map. */
export function roiOccupancy(source: RoiSource, grid: Grid3): StructureOccupancy {
  const s = source.structure;
  if (s.contours.length > 0) return rasterizeStructure({ roiNumber: 0, type: 'ORGAN', ...s }, grid);
  if (source.labels && s.label > 0) return labelOccupancy(source.labels, s.label, grid, s.name);
  return {
    name: s.name,
    grid,
    indices: new Uint32Array(0),
    fractions: new Float32Array(0),
    warnings: [`${s.name}: no contours and no label`],
  };
}

const METRICS = [
  ['D98Gy', 98],
  ['D95Gy', 95],
  ['D50Gy', 50],
  ['D2Gy', 2],
] as const;

/** Per-structure JSON entry (the public fields of `equidose dvh --json`). */
export function dvhJson(dvh: Dvh, curveDosesGy: readonly number[]): Record<string, unknown> {
  const n = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const entry: Record<string, unknown> = {
    name: dvh.name,
    volumeCc: dvh.volumeCc,
    minGy: n(dvh.minGy),
    meanGy: n(dvh.meanGy),
    maxGy: n(dvh.maxGy),
  };
  for (const [key, p] of METRICS)
    entry[key] = dvh.volumeCc > 0 ? n(doseMetricGy(dvh, { kind: 'D', volumePercent: p })) : null;
  entry['D0.03ccGy'] = dvh.volumeCc > 0 ? n(doseMetricGy(dvh, { kind: 'Dcc', volumeCc: 0.03 })) : null;
  entry.cumulative = { doseGy: curveDosesGy, volumePercent: cumulativeCurvePercent(dvh, curveDosesGy) };
  return entry;
}

const CSV_HEADER = 'name,volumeCc,minGy,meanGy,maxGy,D98Gy,D95Gy,D50Gy,D2Gy,D0.03ccGy';
const csvCell = (v: unknown): string =>
  typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : v === null || v === undefined ? '' : String(v);

/** The `equidose dvh` implementation (descriptor in ./dvh.ts). */
export const runDvhCommand: CommandRun = (values, _positionals, io) => {
  const dose = readDoseInput(requireString(values, 'dose'));
  const structuresPath = requireString(values, 'structures');
  const sources = readRoiSources(structuresPath, optionalString(values, 'structures-json'));
  const bins = optionalNumber(values, 'bins');
  const dvhs = sources.map((s) => {
    const occ = roiOccupancy(s, dose.grid);
    for (const w of occ.warnings) io.stderr.write(`equidose dvh: warning: ${w}\n`);
    return computeDvh(dose, occ, bins);
  });
  const maxGy = Math.max(0, ...dvhs.map((d) => (Number.isFinite(d.maxGy) ? d.maxGy : 0)));
  const step = maxGy > 0 ? maxGy / 200 : 1;
  const curveDoses = Array.from({ length: 202 }, (_, b) => +(b * step).toPrecision(6));
  const entries = dvhs.map((d) => dvhJson(d, curveDoses));
  const jsonPath = optionalString(values, 'json');
  const csvPath = optionalString(values, 'csv');
  if (jsonPath !== undefined)
    writeFileAtomic(jsonPath, `${JSON.stringify({ dose: values.dose, structures: entries }, null, 2)}\n`);
  if (csvPath !== undefined) {
    const keys = CSV_HEADER.split(',');
    writeFileAtomic(
      csvPath,
      [CSV_HEADER, ...entries.map((e) => keys.map((k) => csvCell(e[k])).join(','))].join('\n') + '\n',
    );
  }
  const fmt = (v: unknown): string => (typeof v === 'number' ? v.toFixed(2).padStart(8) : '     n/a');
  io.stdout.write(
    `${'structure'.padEnd(20)} ${'cc'.padStart(8)} ${'Dmin'.padStart(8)} ${'Dmean'.padStart(8)} ${'Dmax'.padStart(8)} ${'D98'.padStart(8)} ${'D95'.padStart(8)} ${'D50'.padStart(8)} ${'D2'.padStart(8)}  (Gy)\n`,
  );
  for (const e of entries)
    io.stdout.write(
      `${String(e.name).slice(0, 20).padEnd(20)} ${fmt(e.volumeCc)} ${fmt(e.minGy)} ${fmt(e.meanGy)} ${fmt(e.maxGy)} ${fmt(e.D98Gy)} ${fmt(e.D95Gy)} ${fmt(e.D50Gy)} ${fmt(e.D2Gy)}\n`,
    );
  return Promise.resolve(0);
};
