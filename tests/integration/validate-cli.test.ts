import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRtDose } from '../../src/dicom/rtdose.js';
import { writeImageSeries } from '../../src/dicom/series-write.js';
import { readVolume } from '../../src/io/read-volume.js';
import { writeStructuresJson } from '../../src/io/structures-file.js';
import { writeVolume } from '../../src/io/write-volume.js';
import { createVolume } from '../../src/core/volume.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { buildPhantom, type PhantomCase } from '../../src/phantoms/build-phantom.js';
import { applySctErrors } from '../../src/phantoms/sct-error-models.js';
import { phantomPatientStudy, writePhantomDicom } from '../../src/phantoms/phantom-outputs.js';
import { writePhantomInputs, type PhantomInputPaths } from '../../src/pipeline/phantom-inputs.js';
import { runCliCaptured } from '../helpers/run-cli.js';

/**
 * `equidose validate` through the CLI: usage errors, DICOM inputs (frame-of-reference check, RTDOSE outputs
 * that read back as the NIfTI doses), --anonymize, --pdf. Small phantom (scale 4) to keep each run short.
 */

let phantom: PhantomCase;
let root: string;
let nifti: PhantomInputPaths;

beforeAll(() => {
  phantom = buildPhantom('pelvis', 5, { scale: 4 });
  root = mkdtempSync(join(tmpdir(), 'equidose-cli-'));
  const sct = applySctErrors(phantom, [{ kind: 'hu-offset', offsetHu: 20 }]).sct;
  nifti = writePhantomInputs(join(root, 'nifti'), phantom, phantom.plan, sct);
});

const common = (p: PhantomInputPaths): string[] => [
  '--structures',
  p.structures,
  '--plan',
  p.plan,
  '--dose-grid-mm',
  '6',
  '--backend',
  'js',
];

describe('equidose validate (CLI)', () => {
  it('needs exactly one of --sct or --mr/--model (exit 2, one line)', async () => {
    const both = await runCliCaptured([
      'validate',
      '--ct',
      nifti.ct,
      '--sct',
      nifti.sct!,
      '--mr',
      nifti.mr,
      '--model',
      'x',
      ...common(nifti),
      '--out',
      join(root, 'u1'),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
    const none = await runCliCaptured([
      'validate',
      '--ct',
      nifti.ct,
      ...common(nifti),
      '--out',
      join(root, 'u2'),
    ]);
    expect(none.code).toBe(2);
    const noModel = await runCliCaptured([
      'validate',
      '--ct',
      nifti.ct,
      '--mr',
      nifti.mr,
      ...common(nifti),
      '--out',
      join(root, 'u3'),
    ]);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--mr needs --model/);
    expect(existsSync(join(root, 'u1')) || existsSync(join(root, 'u2')) || existsSync(join(root, 'u3'))).toBe(
      false,
    );
  });

  it('bad values of typed options are usage errors (exit 2) before anything runs', async () => {
    const base = [
      'validate',
      '--ct',
      nifti.ct,
      '--sct',
      nifti.sct!,
      '--structures',
      nifti.structures,
      '--plan',
      nifti.plan,
    ];
    const cases: [string[], RegExp][] = [
      [['--backend', 'quantum'], /--backend must be one of auto, js, /],
      [['--dose-grid-mm', '0'], /--dose-grid-mm must be in \[0.5, 10\] mm/],
      [['--prescription-gy', 'two'], /--prescription-gy needs a number/],
      [['--criteria', '3%/2'], /cannot read '3%\/2'/],
    ];
    for (const [extra, message] of cases) {
      const r = await runCliCaptured([...base, ...extra, '--out', join(root, 'usage')]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(join(root, 'usage'))).toBe(false);
  });

  it('a bad criteria key fails the run with exit 1 naming the file, before writing', async () => {
    const criteria = join(root, 'criteria.json');
    writeFileAtomic(criteria, JSON.stringify({ gammaTolerance: 95 }));
    const r = await runCliCaptured([
      'validate',
      '--ct',
      nifti.ct,
      '--sct',
      nifti.sct!,
      ...common(nifti),
      '--criteria',
      criteria,
      '--out',
      join(root, 'bad'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`equidose: ${criteria}: unknown criteria key(s): gammaTolerance\n`);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });

  it('DICOM CT + sCT series: RTDOSE outputs equal the NIfTI doses; --anonymize removes patient identity', async () => {
    const dicomDir = join(root, 'dicom');
    const sct = applySctErrors(phantom, [{ kind: 'hu-offset', offsetHu: 20 }]);
    writePhantomDicom(dicomDir, phantom, sct);
    writeStructuresJson(join(dicomDir, 'structures.json'), phantom.structures.set);
    writeFileAtomic(join(dicomDir, 'plan.json'), JSON.stringify(phantom.plan));
    const out = join(root, 'dicom-out');
    const args = [
      'validate',
      '--ct',
      join(dicomDir, 'ct'),
      '--sct',
      join(dicomDir, 'sct'),
      '--structures',
      join(dicomDir, 'structures.nii.gz'),
      '--plan',
      join(dicomDir, 'plan.json'),
      '--dose-grid-mm',
      '6',
      '--backend',
      'js',
    ];
    const named = await runCliCaptured([...args, '--out', out, '--criteria', '3%/2mm,2%/2mm']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toBe(`${join(out, 'report.html')}\n`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      patient?: { id: string };
      gamma: unknown[];
    };
    expect(report.patient?.id).toBe(phantomPatientStudy(phantom).patientId);
    expect(report.gamma).toHaveLength(2);
    for (const which of ['ct', 'sct']) {
      const rt = readRtDose(join(out, `rtdose_${which}.dcm`)).volume;
      const nii = readVolume(join(out, `dose_${which}.nii.gz`), { quantity: 'Gy' });
      expect(rt.grid.size).toEqual(nii.grid.size);
      let maxDiff = 0;
      let maxDose = 0;
      for (let n = 0; n < rt.data.length; n++) {
        maxDiff = Math.max(maxDiff, Math.abs((rt.data[n] as number) - (nii.data[n] as number)));
        maxDose = Math.max(maxDose, nii.data[n] as number);
      }
      // 32-bit DoseGridScaling quantisation: ≤ max / 2³² per voxel.
      expect(maxDiff).toBeLessThanOrEqual((maxDose / 2 ** 32) * 2);
    }

    const anon = join(root, 'dicom-anon');
    const r = await runCliCaptured([...args, '--out', anon, '--anonymize']);
    expect(r.code, r.stderr).toBe(0);
    const study = phantomPatientStudy(phantom);
    for (const f of ['report.json', 'report.html', 'metrics.csv']) {
      const text = readFileSync(join(anon, f), 'utf8');
      expect(text).not.toContain(study.patientId);
      if (study.patientName) expect(text).not.toContain(study.patientName);
      expect(text).not.toContain(dicomDir);
    }
    const rt = readFileSync(join(anon, 'rtdose_ct.dcm')).toString('latin1');
    expect(rt).not.toContain(study.patientId);
  });

  it('refuses an sCT in another frame of reference, unless --assume-registered', async () => {
    const dir = join(root, 'for');
    writePhantomDicom(dir, phantom, undefined);
    const other = createVolume(
      { ...phantom.grid, frameOfReferenceUid: '2.25.1234567' },
      'HU',
      Float32Array.from(phantom.ct.data),
    );
    writeImageSeries(join(dir, 'sct-other'), other, {
      modality: 'CT',
      patientStudy: phantomPatientStudy(phantom),
    });
    writeVolume(join(dir, 'labels.nii.gz'), createVolume(phantom.grid, 'label', phantom.structures.labelMap));
    writeStructuresJson(join(dir, 'labels.json'), phantom.structures.set);
    writeFileAtomic(join(dir, 'plan.json'), JSON.stringify(phantom.plan));
    const args = [
      'validate',
      '--ct',
      join(dir, 'ct'),
      '--sct',
      join(dir, 'sct-other'),
      '--structures',
      join(dir, 'labels.nii.gz'),
      '--plan',
      join(dir, 'plan.json'),
      '--dose-grid-mm',
      '6',
      '--backend',
      'js',
    ];
    const refused = await runCliCaptured([...args, '--out', join(dir, 'out1')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/another frame of reference than the CT .*--assume-registered/);
    expect(existsSync(join(dir, 'out1'))).toBe(false);
    const accepted = await runCliCaptured([...args, '--out', join(dir, 'out2'), '--assume-registered']);
    expect(accepted.code, accepted.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out2', 'report.json'), 'utf8')) as {
      provenance: { assumeRegistered: boolean; warnings: string[] };
      gamma: { passRatePercent: number }[];
    };
    expect(report.provenance.assumeRegistered).toBe(true);
    expect(report.provenance.warnings.join('\n')).toMatch(/taken as the CT's/);
    expect(report.gamma[0]!.passRatePercent).toBe(100); // same images: identical doses
  });

  it('--pdf also writes report.pdf', { skip: !existsSync('/usr/bin/chromium') }, async () => {
    const out = join(root, 'pdf');
    const r = await runCliCaptured([
      'validate',
      '--ct',
      nifti.ct,
      '--sct',
      nifti.sct!,
      ...common(nifti),
      '--out',
      out,
      '--pdf',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toContain('report.pdf');
    expect(readFileSync(join(out, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
