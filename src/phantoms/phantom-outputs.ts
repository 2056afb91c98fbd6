import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createVolume } from '../core/volume.js';
import { huToRedReference } from '../density/hu-to-red-reference.js';
import { loadBuiltInHlut } from '../density/hlut-file.js';
import type { PatientStudy } from '../dicom/image-series.js';
import { writeImageSeries } from '../dicom/series-write.js';
import { loadMachine } from '../dose/machine.js';
import type { Plan } from '../dose/plan.js';
import { writeVolume } from '../io/write-volume.js';
import type { PhantomCase } from './build-phantom.js';
import { normalizePlanToPrescription } from './normalize-plan.js';
import type { SctResult } from './sct-error-models.js';

/**
 * The phantom's plan with MU from the dose engine: CT → RED through the default HU→RED table, then
 * normalizePlanToPrescription (PTV mean = prescription).
 */
export async function normalizePhantomPlan(phantom: PhantomCase): Promise<{ plan: Plan; method: string }> {
  const { red } = huToRedReference(phantom.ct, loadBuiltInHlut());
  const ptv = phantom.structures.masks.find((m) => m.name === 'PTV');
  if (!ptv) return { plan: phantom.plan, method: 'first-order estimate' };
  const result = await normalizePlanToPrescription(
    red,
    createVolume(phantom.grid, 'mask', ptv.mask),
    phantom.plan,
    loadMachine(phantom.plan.machine),
  );
  return {
    plan: result.plan,
    method: `dose engine: PTV mean = ${phantom.plan.prescriptionGy ?? 2} Gy (first-order estimate gave ${result.ptvMeanBeforeGy.toFixed(3)} Gy)`,
  };
}

/** An anonymous synthetic patient/study, identical for every file of one case. */
export function phantomPatientStudy(phantom: PhantomCase): PatientStudy {
  const hex = createHash('sha256')
    .update(`equidose-phantom-study/${phantom.site}/${phantom.seed}`)
    .digest('hex');
  return {
    patientName: `EQUIDOSE^${phantom.site.toUpperCase()} ${phantom.seed}`,
    patientId: `EQ-${phantom.site}-${phantom.seed}`,
    patientBirthDate: '',
    patientSex: phantom.site === 'pelvis' ? 'M' : '',
    studyInstanceUid: `2.25.${BigInt(`0x${hex.slice(0, 32)}`).toString()}`,
    studyId: String(phantom.seed),
    studyDate: '',
    studyTime: '',
  };
}

/**
 * DICOM output: ct/ and mr/ (and sct/) image series sharing the case's frame of reference and study; the
 * label map stays structures.nii.gz (structures.json carries the contours; no RTSTRUCT writer yet).
 */
export function writePhantomDicom(out: string, phantom: PhantomCase, sct: SctResult | undefined): string[] {
  const patientStudy = phantomPatientStudy(phantom);
  const ct = writeImageSeries(join(out, 'ct'), phantom.ct, {
    modality: 'CT',
    patientStudy,
    seriesDescription: 'phantom CT',
  });
  writeImageSeries(join(out, 'mr'), phantom.mr, {
    modality: 'MR',
    patientStudy,
    seriesDescription: 'phantom T1-like MR',
  });
  const written = ['ct/', 'mr/'];
  if (sct) {
    writeImageSeries(join(out, 'sct'), sct.sct, {
      modality: 'CT',
      patientStudy,
      seriesDescription: `phantom sCT (${sct.regions.map((r) => r.error).join(', ')})`,
      synthetic: {
        source: {
          seriesInstanceUid: ct.seriesInstanceUid,
          sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
          sopInstanceUids: ct.sopInstanceUids,
          patientStudy,
          grid: phantom.grid,
        },
        method: `equidose phantom sCT error model: ${sct.regions.map((r) => r.error).join(', ')}`,
      },
    });
    written.push('sct/');
  }
  writeVolume(
    join(out, 'structures.nii.gz'),
    createVolume(phantom.grid, 'label', phantom.structures.labelMap),
  );
  written.push('structures.nii.gz');
  return written;
}
