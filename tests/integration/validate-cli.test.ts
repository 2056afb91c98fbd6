import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
import { expectCliRefuses, runCliCaptured } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';

/**
 * `equidose validate` through the CLI: usage errors, DICOM inputs (frame-of-reference check, RTDOSE outputs
 * that read back as the NIfTI doses), --anonymize, --pdf. Small phantom (scale 4) to keep each run short.
 */

const root = useTempDir('equidose-cli-');
let phantom: PhantomCase;
let nifti: PhantomInputPaths;

beforeAll(() => {
  phantom = buildPhantom('pelvis', 5, { scale: 4 });
  const sct = applySctErrors(phantom, [{ kind: 'hu-offset', offsetHu: 20 }]).sct;
  nifti = writePhantomInputs(join(root, 'nifti'), phantom, phantom.plan, sct);
});

/** The options every run here shares: the case's structures and plan, a 6 mm dose grid, the js backend. */
function common(p: { structures: string; plan: string }): string[] {
  return ['--structures', p.structures, '--plan', p.plan, '--dose-grid-mm', '6', '--backend', 'js'];
}

/** `equidose validate` of the NIfTI case's CT with `images` (its sCT and/or MR options), then `extra`. */
function validateArgv(images: string[], ...extra: string[]): string[] {
  return ['validate', '--ct', nifti.ct, ...images, ...common(nifti), ...extra];
}

describe('equidose validate (CLI)', () => {
  it('needs exactly one of --sct or --mr/--model (exit 2, one line)', async () => {
    const [u1, u2, u3] = [join(root, 'u1'), join(root, 'u2'), join(root, 'u3')];
    const both = ['--sct', nifti.sct!, '--mr', nifti.mr, '--model', 'x'];
    await expectCliRefuses(validateArgv(both, '--out', u1), { code: 2, unwritten: [u1] });
    await expectCliRefuses(validateArgv([], '--out', u2), { code: 2, unwritten: [u2] });
    await expectCliRefuses(validateArgv(['--mr', nifti.mr], '--out', u3), {
      code: 2,
      message: /--mr needs --model/,
      unwritten: [u3],
    });
  });

  it('bad values of typed options are usage errors (exit 2) before anything runs', async () => {
    const images = ['--ct', nifti.ct, '--sct', nifti.sct!];
    const base = ['validate', ...images, '--structures', nifti.structures, '--plan', nifti.plan];
    const cases: [string[], RegExp][] = [
      [['--backend', 'quantum'], /--backend must be one of auto, js, /],
      [['--dose-grid-mm', '0'], /--dose-grid-mm must be in \[0.5, 10\] mm/],
      [['--prescription-gy', 'two'], /--prescription-gy needs a number/],
      [['--criteria', '3%/2'], /cannot read '3%\/2'/],
    ];
    for (const [extra, message] of cases) {
      const usage = join(root, 'usage');
      await expectCliRefuses([...base, ...extra, '--out', usage], { code: 2, message, unwritten: [usage] });
    }
  });

  it('a bad criteria key fails the run with exit 1 naming the file, before writing', async () => {
    const criteria = join(root, 'criteria.json');
    writeFileAtomic(criteria, JSON.stringify({ gammaTolerance: 95 }));
    const bad = join(root, 'bad');
    const argv = validateArgv(['--sct', nifti.sct!], '--criteria', criteria, '--out', bad);
    const r = await expectCliRefuses(argv, { code: 1, unwritten: [bad] });
    expect(r.stderr).toBe(`equidose: ${criteria}: unknown criteria key(s): gammaTolerance\n`);
  });

  it('DICOM CT + sCT series: RTDOSE outputs equal the NIfTI doses; --anonymize removes patient identity', async () => {
    const dicomDir = join(root, 'dicom');
    const sct = applySctErrors(phantom, [{ kind: 'hu-offset', offsetHu: 20 }]);
    writePhantomDicom(dicomDir, phantom, sct);
    writeStructuresJson(join(dicomDir, 'structures.json'), phantom.structures.set);
    writeFileAtomic(join(dicomDir, 'plan.json'), JSON.stringify(phantom.plan));
    const out = join(root, 'dicom-out');
    const inputs = { structures: join(dicomDir, 'structures.nii.gz'), plan: join(dicomDir, 'plan.json') };
    const images = ['--ct', join(dicomDir, 'ct'), '--sct', join(dicomDir, 'sct')];
    const args = ['validate', ...images, ...common(inputs)];
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
    const inputs = { structures: join(dir, 'labels.nii.gz'), plan: join(dir, 'plan.json') };
    const args = ['validate', '--ct', join(dir, 'ct'), '--sct', join(dir, 'sct-other'), ...common(inputs)];
    await expectCliRefuses([...args, '--out', join(dir, 'out1')], {
      code: 1,
      message: /another frame of reference than the CT .*--assume-registered/,
      unwritten: [join(dir, 'out1')],
      afterProgress: true,
    });
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
    const r = await runCliCaptured(validateArgv(['--sct', nifti.sct!], '--out', out, '--pdf'));
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toContain('report.pdf');
    expect(readFileSync(join(out, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
