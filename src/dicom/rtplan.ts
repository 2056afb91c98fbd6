import { InputError, PipelineError, UnsupportedError } from '../core/errors.js';
import { type Beam, PATIENT_POSITIONS, type PatientPosition, type Plan } from '../dose/plan.js';
import { type NaturalDataset, optNumber, optString, reqNumber, sequence } from './dataset.js';
import { type DicomFile, readDicomFile } from './parse.js';
import { convertBeam } from './rtplan-beam.js';

/** Per-beam facts as the RTPLAN states them (for `equidose info` and checks). */
export interface RtPlanBeamSummary {
  readonly beamNumber: number;
  readonly name: string;
  /** STATIC or DYNAMIC. */
  readonly beamType: string;
  /** Gantry angle of the first control point, degrees IEC 61217. */
  readonly gantryDeg: number;
  /** BeamMeterset of the fraction group: MU per fraction. */
  readonly mu: number;
  readonly controlPointCount: number;
  /** Static fields this beam became (segments with MU > 0). */
  readonly fieldCount: number;
  readonly nominalEnergyMV: number | undefined;
}

/** An RTPLAN read into the dose engine's Plan, with what was approximated. */
export interface RtPlanData {
  readonly plan: Plan;
  readonly sopInstanceUid: string;
  readonly label: string;
  readonly frameOfReferenceUid: string;
  readonly fractionsPlanned: number | undefined;
  readonly beams: readonly RtPlanBeamSummary[];
  /** Approximations and skipped content (arcs sampled, setup beams skipped, energy vs machine). */
  readonly warnings: readonly string[];
}

export interface ReadRtPlanOptions {
  /** Beam model id for Plan.machine (default 'generic-6MV'). */
  readonly machine?: string;
}

const ION_PLAN_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.481.8';
const DEFAULT_MACHINE = 'generic-6MV';

/** Reads an RTPLAN file into a Plan. */
export function readRtPlan(path: string, options: ReadRtPlanOptions = {}): RtPlanData {
  return rtPlanFromDicom(readDicomFile(path), options);
}

/**
 * RTPLAN → Plan: photon beams of the first fraction group, each control-point segment with MU > 0 becoming one
 * static field (see rtplan-beam.ts for the arc / dynamic-MLC approximation), isocentre in patient LPS mm,
 * IEC 61217 angles, patient position from PatientSetupSequence, prescription per fraction from the target
 * dose reference. Electrons, ions, wedges, blocks, compensators and brachytherapy → UnsupportedError.
 */
export function rtPlanFromDicom(dicom: DicomFile, options: ReadRtPlanOptions = {}): RtPlanData {
  try {
    return convert(dicom, options);
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(dicom.file) : error;
  }
}

function refusePlan(dicom: DicomFile): void {
  const ds = dicom.dataset;
  if (dicom.sopClassUid === ION_PLAN_SOP_CLASS)
    throw new UnsupportedError('RT Ion Plan (protons/ions) is not supported');
  if (dicom.modality !== 'RTPLAN') throw new InputError(`not an RTPLAN (Modality '${dicom.modality}')`);
  const brachySetups = sequence(ds, 'FractionGroupSequence').reduce(
    (n, fg) => n + (optNumber(fg, 'NumberOfBrachyApplicationSetups') ?? 0),
    0,
  );
  if (
    optString(ds, 'BrachyTreatmentType') !== undefined ||
    sequence(ds, 'ApplicationSetupSequence').length > 0 ||
    brachySetups > 0
  ) {
    throw new UnsupportedError('brachytherapy plans are not supported');
  }
}

function firstFractionGroup(ds: NaturalDataset, warnings: string[]): NaturalDataset {
  const groups = sequence(ds, 'FractionGroupSequence');
  const group = groups[0];
  if (!group) throw new InputError('FractionGroupSequence: missing, so beam MU are unknown');
  if (groups.length > 1) {
    const n = optNumber(group, 'FractionGroupNumber') ?? 1;
    warnings.push(`${groups.length} fraction groups: only fraction group ${n} is read`);
  }
  return group;
}

/** BeamMeterset (MU per fraction) by beam number. */
function metersetsByBeam(group: NaturalDataset): Map<number, number> {
  const out = new Map<number, number>();
  for (const ref of sequence(group, 'ReferencedBeamSequence')) {
    const beamNumber = reqNumber(ref, 'ReferencedBeamNumber');
    const mu = optNumber(ref, 'BeamMeterset');
    if (mu === undefined)
      throw new InputError(`beam ${beamNumber}: BeamMeterset missing in the fraction group`);
    out.set(beamNumber, mu);
  }
  return out;
}

interface BeamsRead {
  readonly fields: Beam[];
  readonly beams: RtPlanBeamSummary[];
  readonly positions: Set<string>;
  readonly energies: Set<number>;
}

function readBeams(
  ds: NaturalDataset,
  metersets: ReadonlyMap<number, number>,
  warnings: string[],
): BeamsRead {
  const setups = new Map(
    sequence(ds, 'PatientSetupSequence').map((s) => [
      optNumber(s, 'PatientSetupNumber') ?? 1,
      optString(s, 'PatientPosition'),
    ]),
  );
  const out: BeamsRead = { fields: [], beams: [], positions: new Set(), energies: new Set() };
  for (const beam of sequence(ds, 'BeamSequence')) {
    const beamNumber = reqNumber(beam, 'BeamNumber');
    const name = optString(beam, 'BeamName') ?? `beam ${beamNumber}`;
    const mu = metersets.get(beamNumber);
    const delivery = optString(beam, 'TreatmentDeliveryType') ?? 'TREATMENT';
    if (delivery !== 'TREATMENT' || mu === undefined || mu <= 0) {
      const why =
        delivery !== 'TREATMENT' ? `TreatmentDeliveryType ${delivery}` : 'no MU in the fraction group';
      warnings.push(`beam ${beamNumber} '${name}' skipped (${why})`);
      continue;
    }
    const setupNumber = optNumber(beam, 'ReferencedPatientSetupNumber') ?? 1;
    const position = setups.get(setupNumber) ?? setups.values().next().value;
    if (position !== undefined) out.positions.add(position);
    const converted = convertBeam(beam, mu);
    out.fields.push(...converted.fields);
    warnings.push(...converted.warnings);
    if (converted.nominalEnergyMV !== undefined) out.energies.add(converted.nominalEnergyMV);
    const firstCp = sequence(beam, 'ControlPointSequence')[0] as NaturalDataset;
    out.beams.push({
      beamNumber,
      name,
      beamType: optString(beam, 'BeamType') ?? '',
      gantryDeg: reqNumber(firstCp, 'GantryAngle'),
      mu,
      controlPointCount: converted.controlPointCount,
      fieldCount: converted.fields.length,
      nominalEnergyMV: converted.nominalEnergyMV,
    });
  }
  return out;
}

function convert(dicom: DicomFile, options: ReadRtPlanOptions): RtPlanData {
  refusePlan(dicom);
  const ds = dicom.dataset;
  const warnings: string[] = [];
  const group = firstFractionGroup(ds, warnings);
  const read = readBeams(ds, metersetsByBeam(group), warnings);
  if (read.fields.length === 0) throw new InputError('plan has no treatment beam with MU');
  const machine = options.machine ?? DEFAULT_MACHINE;
  if (options.machine === undefined && [...read.energies].some((e) => e !== 6)) {
    const energies = [...read.energies].join(', ');
    warnings.push(`nominal beam energy ${energies} MV; dose will be computed with the ${machine} beam model`);
  }
  const patientPosition = settlePatientPosition(read.positions, warnings);
  const fractions = optNumber(group, 'NumberOfFractionsPlanned');
  const prescriptionGy = prescriptionPerFraction(ds, fractions);
  return {
    plan: {
      machine,
      ...(patientPosition ? { patientPosition } : {}),
      ...(prescriptionGy !== undefined ? { prescriptionGy } : {}),
      beams: read.fields,
    },
    sopInstanceUid: optString(ds, 'SOPInstanceUID') ?? '',
    label: optString(ds, 'RTPlanLabel') ?? '',
    frameOfReferenceUid: optString(ds, 'FrameOfReferenceUID') ?? '',
    fractionsPlanned: fractions,
    beams: read.beams,
    warnings,
  };
}

function settlePatientPosition(
  positions: ReadonlySet<string>,
  warnings: string[],
): PatientPosition | undefined {
  if (positions.size > 1)
    throw new UnsupportedError(`beams use different patient positions (${[...positions].join(', ')})`);
  const position = [...positions][0];
  if (position === undefined) {
    warnings.push('no PatientPosition in PatientSetupSequence: HFS assumed');
    return undefined;
  }
  if (!(PATIENT_POSITIONS as readonly string[]).includes(position)) {
    throw new UnsupportedError(
      `patient position ${position} is not supported (${PATIENT_POSITIONS.join(', ')})`,
    );
  }
  return position as PatientPosition;
}

/** TargetPrescriptionDose (Gy, whole course) of the first TARGET dose reference ÷ fractions planned. */
function prescriptionPerFraction(ds: NaturalDataset, fractions: number | undefined): number | undefined {
  const target = sequence(ds, 'DoseReferenceSequence').find(
    (d) => optNumber(d, 'TargetPrescriptionDose') !== undefined,
  );
  const totalGy = target ? optNumber(target, 'TargetPrescriptionDose') : undefined;
  if (totalGy === undefined || fractions === undefined || fractions <= 0) return undefined;
  return totalGy / fractions;
}
