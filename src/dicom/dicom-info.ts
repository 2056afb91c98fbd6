import type { Grid3 } from '../core/grid.js';
import { valueRange } from '../core/volume.js';
import { optNumber, optString, reqNumber, reqNumbers, reqVec3, sequence } from './dataset.js';
import { groupImageSeries, summarizeSeries } from './image-series.js';
import { type DicomFile, isDirectory, readDicomDirectory, readDicomFile } from './parse.js';
import { rtDoseFromDicom } from './rtdose.js';
import { rtStructFromDicom } from './rtstruct.js';
import { type SliceGeometry, stackSlices } from './series-geometry.js';
import { transferSyntaxName } from './transfer-syntax.js';

/** What `equidose info` reports about DICOM objects (plain JSON). */
export type DicomObjectInfo =
  | {
      readonly kind: 'series';
      readonly modality: string;
      readonly seriesInstanceUid: string;
      readonly description: string;
      readonly sliceCount: number;
      readonly transferSyntax: string;
      /** The stacked grid, or the reason the slices do not form one. */
      readonly grid?: Grid3;
      readonly problem?: string;
    }
  | {
      readonly kind: 'rtstruct';
      readonly file: string;
      readonly frameOfReferenceUid: string;
      readonly rois: readonly { roiNumber: number; name: string; type: string; contourCount: number }[];
      readonly warnings: readonly string[];
    }
  | {
      readonly kind: 'rtplan';
      readonly file: string;
      readonly label: string;
      readonly patientPosition: string;
      readonly fractionsPlanned: number | null;
      readonly beams: readonly {
        beamNumber: number;
        name: string;
        radiationType: string;
        beamType: string;
        gantryDeg: number | null;
        mu: number | null;
        controlPoints: number;
      }[];
    }
  | {
      readonly kind: 'rtdose';
      readonly file: string;
      readonly grid: Grid3;
      readonly doseUnits: string;
      readonly doseSummationType: string;
      /** Maximum dose in DoseUnits (Gy, or relative). */
      readonly maxDose: number;
      readonly warnings: readonly string[];
    }
  | {
      readonly kind: 'other';
      readonly file: string;
      readonly modality: string;
      readonly sopClassUid: string;
    };

/** Describes a DICOM file or directory without converting anything it does not need to. */
export function describeDicom(path: string): DicomObjectInfo[] {
  const files = isDirectory(path) ? readDicomDirectory(path) : [readDicomFile(path)];
  const groups = groupImageSeries(files);
  const out: DicomObjectInfo[] = summarizeSeries(groups).map((s) => {
    const members = groups.get(s.seriesInstanceUid) ?? [];
    return {
      kind: 'series',
      ...s,
      transferSyntax: transferSyntaxName((members[0] as DicomFile).transferSyntaxUid),
      ...seriesGrid(members),
    };
  });
  for (const f of files) {
    if (f.modality === 'RTSTRUCT') out.push(describeRtStruct(f));
    else if (f.modality === 'RTPLAN') out.push(describeRtPlan(f));
    else if (f.modality === 'RTDOSE') out.push(describeRtDose(f));
    else if (f.modality !== 'CT' && f.modality !== 'MR')
      out.push({ kind: 'other', file: f.file, modality: f.modality, sopClassUid: f.sopClassUid });
  }
  return out;
}

function seriesGrid(files: readonly DicomFile[]): { grid: Grid3 } | { problem: string } {
  try {
    const slices: SliceGeometry[] = files.map((f) => {
      const [rowMm, colMm] = reqNumbers(f.dataset, 'PixelSpacing', 2) as [number, number];
      return {
        file: f.file,
        positionLpsMm: reqVec3(f.dataset, 'ImagePositionPatient'),
        orientation: reqNumbers(f.dataset, 'ImageOrientationPatient', 6),
        rows: reqNumber(f.dataset, 'Rows'),
        columns: reqNumber(f.dataset, 'Columns'),
        pixelSpacingMm: [rowMm, colMm],
      };
    });
    const ds = (files[0] as DicomFile).dataset;
    const thickness = optNumber(ds, 'SliceThickness');
    return { grid: stackSlices(slices, optString(ds, 'FrameOfReferenceUID') ?? '', thickness ?? 1).grid };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

function describeRtStruct(f: DicomFile): DicomObjectInfo {
  const set = rtStructFromDicom(f);
  return {
    kind: 'rtstruct',
    file: f.file,
    frameOfReferenceUid: set.frameOfReferenceUid,
    rois: set.structures.map((s) => ({
      roiNumber: s.roiNumber,
      name: s.name,
      type: s.type,
      contourCount: s.contours.length,
    })),
    warnings: set.warnings,
  };
}

/** Beams as stored (no conversion, so plans equidose cannot compute, e.g. electrons, still describe). */
function describeRtPlan(f: DicomFile): DicomObjectInfo {
  const ds = f.dataset;
  const group = sequence(ds, 'FractionGroupSequence')[0];
  const mu = new Map(
    (group ? sequence(group, 'ReferencedBeamSequence') : []).map((r) => [
      optNumber(r, 'ReferencedBeamNumber'),
      optNumber(r, 'BeamMeterset'),
    ]),
  );
  return {
    kind: 'rtplan',
    file: f.file,
    label: optString(ds, 'RTPlanLabel') ?? '',
    patientPosition: optString(sequence(ds, 'PatientSetupSequence')[0] ?? {}, 'PatientPosition') ?? '',
    fractionsPlanned: (group ? optNumber(group, 'NumberOfFractionsPlanned') : undefined) ?? null,
    beams: sequence(ds, 'BeamSequence').map((b) => {
      const cps = sequence(b, 'ControlPointSequence');
      const number = optNumber(b, 'BeamNumber') ?? 0;
      return {
        beamNumber: number,
        name: optString(b, 'BeamName') ?? '',
        radiationType: optString(b, 'RadiationType') ?? '',
        beamType: optString(b, 'BeamType') ?? '',
        gantryDeg: (cps[0] ? optNumber(cps[0], 'GantryAngle') : undefined) ?? null,
        mu: mu.get(number) ?? null,
        controlPoints: cps.length,
      };
    }),
  };
}

function describeRtDose(f: DicomFile): DicomObjectInfo {
  const dose = rtDoseFromDicom(f, { allowRelativeUnits: true });
  return {
    kind: 'rtdose',
    file: f.file,
    grid: dose.volume.grid,
    doseUnits: dose.doseUnits,
    doseSummationType: dose.doseSummationType,
    maxDose: valueRange(dose.volume.data).max,
    warnings: dose.warnings,
  };
}

const formatGrid = (grid: Grid3): string =>
  `${grid.size.join('×')} voxels, spacing ${grid.spacingMm.map((v) => +v.toFixed(4)).join('×')} mm, ` +
  `origin (${grid.originLpsMm.map((v) => +v.toFixed(3)).join(', ')}) mm LPS`;

function formatObject(o: DicomObjectInfo): string[] {
  switch (o.kind) {
    case 'series':
      return [
        `${o.modality} series ${o.seriesInstanceUid || '(no SeriesInstanceUID)'} '${o.description}': ${o.sliceCount} slices, ${o.transferSyntax}`,
        `  ${o.grid ? formatGrid(o.grid) : `not a volume: ${o.problem ?? ''}`}`,
      ];
    case 'rtstruct':
      return [
        `RTSTRUCT ${o.file}: ${o.rois.length} ROIs, frame of reference ${o.frameOfReferenceUid}`,
        ...o.rois.map(
          (r) => `  ${r.roiNumber} ${r.name} (${r.type || 'no type'}): ${r.contourCount} contours`,
        ),
      ];
    case 'rtplan':
      return [
        `RTPLAN ${o.file} '${o.label}': ${o.beams.length} beams, ${o.patientPosition}, ${o.fractionsPlanned ?? '?'} fractions`,
        ...o.beams.map(
          (b) =>
            `  ${b.beamNumber} ${b.name}: ${b.radiationType} ${b.beamType}, gantry ${b.gantryDeg ?? '?'}°, ` +
            `${b.mu ?? '?'} MU, ${b.controlPoints} control points`,
        ),
      ];
    case 'rtdose':
      return [
        `RTDOSE ${o.file}: ${formatGrid(o.grid)}`,
        `  max dose ${+o.maxDose.toFixed(6)} ${o.doseUnits === 'GY' ? 'Gy' : o.doseUnits}, summation ${o.doseSummationType}`,
      ];
    default:
      return [`${o.modality || 'DICOM'} ${o.file} (SOP class ${o.sopClassUid}): not read by equidose`];
  }
}

/** Human-readable lines for `equidose info` without --json. */
export function formatDicomInfo(objects: readonly DicomObjectInfo[]): string {
  return `${objects.flatMap(formatObject).join('\n')}\n`;
}
