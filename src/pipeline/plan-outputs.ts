import { dirname, join } from 'node:path';
import type { Volume } from '../core/volume.js';
import type { ImageSeries } from '../dicom/image-series.js';
import { encodeRtDose } from '../dicom/rtdose-write.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeVolume } from '../io/write-volume.js';
import { writeReportPdf } from '../report/pdf-report.js';
import type { ValidationReport } from '../report/validation-report.js';
import type { OutputFile } from './write-outputs.js';
import type { ValidationRequest } from './validation-request.js';

/**
 * The list of files `equidose validate` writes into --out (written later, all together):
 * report.html, report.json, metrics.csv, [report.pdf]; dose_ct.nii.gz, dose_sct.nii.gz, one gamma map per
 * criterion (gamma_3pct_2mm_G10.nii.gz …); sct_on_ct_grid.nii.gz when the sCT was synthesised; and
 * rtdose_ct.dcm / rtdose_sct.dcm when the CT was a DICOM series.
 */

export interface GammaMap {
  readonly label: string;
  readonly gamma: Volume<'gamma'>;
}

export interface OutputPlanInput {
  readonly request: ValidationRequest;
  readonly report: ValidationReport;
  readonly html: string;
  readonly csv: string;
  readonly json: string;
  readonly doseCt: Volume<'Gy'>;
  readonly doseSct: Volume<'Gy'>;
  readonly gammaMaps: readonly GammaMap[];
  readonly sct: Volume<'HU'> | undefined;
  readonly dicom: {
    readonly ct: ImageSeries | undefined;
    readonly structuresIsDicom: boolean;
    readonly planIsDicom: boolean;
  };
}

/** "3%/2mm G10" → "3pct_2mm_G10" (file-name safe). */
export const gammaFileSlug = (label: string): string =>
  label
    .replace(/%/g, 'pct')
    .replace(/[/\s]+/g, '_')
    .replace(/[^A-Za-z0-9_.-]/g, '');

const text = (name: string, content: string): OutputFile => ({
  name,
  write: (path) => writeFileAtomic(path, content),
});
const volume = (name: string, v: Volume): OutputFile => ({ name, write: (path) => writeVolume(path, v) });

function rtDoseFiles(input: OutputPlanInput): OutputFile[] {
  const series = input.dicom.ct;
  if (!series) return [];
  const references = {
    patientStudy: input.report.patient ? series.patientStudy : undefined,
    imageSeries: {
      seriesInstanceUid: series.seriesInstanceUid,
      sopClassUid: series.sopClassUid,
      sopInstanceUids: series.sopInstanceUids,
    },
  };
  // Encode now (validating) so a failure happens before anything is written.
  const encode = (v: Volume<'Gy'>, description: string): Uint8Array =>
    encodeRtDose(v, {
      ...(references.patientStudy ? { patientStudy: references.patientStudy } : {}),
      imageSeries: references.imageSeries,
      seriesDescription: description,
    }).bytes;
  const ct = encode(input.doseCt, 'equidose dose on CT');
  const sct = encode(input.doseSct, 'equidose dose on sCT (same plan and MU)');
  return [
    { name: 'rtdose_ct.dcm', write: (path) => writeFileAtomic(path, ct) },
    { name: 'rtdose_sct.dcm', write: (path) => writeFileAtomic(path, sct) },
  ];
}

export function planOutputs(input: OutputPlanInput): { files: OutputFile[]; reportHtmlPath: string } {
  const files: OutputFile[] = [
    text('report.json', input.json),
    text('metrics.csv', input.csv),
    text('report.html', input.html),
    volume('dose_ct.nii.gz', input.doseCt),
    volume('dose_sct.nii.gz', input.doseSct),
    ...input.gammaMaps.map((g) => volume(`gamma_${gammaFileSlug(g.label)}.nii.gz`, g.gamma)),
    ...(input.sct ? [volume('sct_on_ct_grid.nii.gz', input.sct)] : []),
    ...rtDoseFiles(input),
  ];
  if (input.request.pdf)
    files.push({
      name: 'report.pdf',
      write: (path) => writeReportPdf(join(dirname(path), 'report.html'), path),
    });
  return { files, reportHtmlPath: join(input.request.outDir, 'report.html') };
}
