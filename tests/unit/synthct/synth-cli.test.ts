import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridMismatch } from '../../../src/core/grid.js';
import { readImageSeries } from '../../../src/dicom/image-series.js';
import { writeImageSeries } from '../../../src/dicom/series-write.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { writeVolume } from '../../../src/io/write-volume.js';
import { SHIPPED_MODEL_ID } from '../../../src/synthct/shipped-model.js';
import { synthesizeCt } from '../../../src/synthct/synthesize-ct.js';
import { expectCliRefuses, runCliCaptured } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { NIFTI_HEADER_TOLERANCE_MM } from '../../helpers/tolerances.js';
import { alignedGrid, bodyMr, makeModelDir } from './synthct-fixtures.js';

describe('equidose synth', () => {
  const dir = useTempDir('equidose-synth-cli-');
  const { mr, body } = bodyMr(alignedGrid([21, 18, 7]));
  const mrPath = join(dir, 'mr.nii.gz');
  const maskPath = join(dir, 'body.nii.gz');
  writeVolume(mrPath, mr);
  writeVolume(maskPath, body);

  /** `equidose synth` of the MR file with `model` into `out`, then `extra`. */
  function synthArgv(model: string, out: string, ...extra: string[]): string[] {
    return ['synth', '--mr', mrPath, '--model', model, '--out', out, ...extra];
  }

  it('writes the sCT on the MR grid, equal to the stage function on the file it read', async () => {
    const model = makeModelDir('affine-25d');
    const out = join(dir, 'sct.nii.gz');
    const r = await runCliCaptured(synthArgv(model, out, '--mask', maskPath, '--threads', '2'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*sct\.nii\.gz: sCT 21×18×7 HU on the MR grid, model test-affine/);
    const sct = readVolume(out);
    const mrBack = readVolume(mrPath, { quantity: 'MR' });
    expect(gridMismatch(sct.grid, mrBack.grid, NIFTI_HEADER_TOLERANCE_MM)).toBeUndefined();
    const direct = await synthesizeCt(mrBack, model, {
      bodyMask: { grid: mrBack.grid, quantity: 'mask', data: body.data },
    });
    expect(Array.from(sct.data)).toEqual(Array.from(direct.data));
  });

  it('finds a .onnx file with its manifest beside it', async () => {
    const model = makeModelDir('affine-25d');
    const out = join(dir, 'sct-from-file.nrrd');
    const r = await runCliCaptured(synthArgv(join(model, 'model.onnx'), out));
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('reads a DICOM MR series and writes the sCT as a DICOM CT series in the MR frame of reference', async () => {
    const mrDir = join(dir, 'mr-dicom');
    const mrSeries = writeImageSeries(mrDir, mr, { modality: 'MR' });
    const sctDir = join(dir, 'sct-dicom');
    const model = makeModelDir('affine-25d');
    const r = await runCliCaptured([
      'synth',
      '--mr',
      mrDir,
      '--model',
      model,
      '--out',
      sctDir,
      '--format',
      'dicom',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sct = readImageSeries(sctDir);
    expect(sct.modality).toBe('CT');
    const mrBack = readImageSeries(mrDir);
    expect(sct.volume.grid.frameOfReferenceUid).toBe(mrBack.volume.grid.frameOfReferenceUid);
    expect(gridMismatch(sct.volume.grid, mrBack.volume.grid, 1e-6)).toBeUndefined();
    expect(sct.patientStudy.studyInstanceUid).toBe(mrBack.patientStudy.studyInstanceUid);
    expect(mrSeries.sopInstanceUids).toHaveLength(7);
    // CT pixels are whole HU: the series holds the sCT of the MR it read, rounded
    const direct = await synthesizeCt(
      { grid: mrBack.volume.grid, quantity: 'MR', data: mrBack.volume.data },
      model,
    );
    let worst = 0;
    for (let n = 0; n < direct.data.length; n++)
      worst = Math.max(worst, Math.abs(sct.volume.data[n]! - direct.data[n]!));
    expect(worst).toBeLessThanOrEqual(0.5);
  });

  it('resolves a bare model id to the shipped models/ folder', async () => {
    const out = join(dir, 'sct-shipped.nii.gz');
    const r = await runCliCaptured(synthArgv(SHIPPED_MODEL_ID, out));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`model ${SHIPPED_MODEL_ID}`);
    expect(readVolume(out).grid.size).toEqual([21, 18, 7]);
  });

  it('fails with one line and writes nothing on a NaN-producing model, a bad mask or a bad model', async () => {
    const cases: [string[], RegExp][] = [
      [['--model', makeModelDir('nan-output')], /network output NaN at model slice 0/],
      [
        ['--model', makeModelDir('affine-1ch')],
        /model\.onnx: ONNX model does not match its manifest: input channel count/,
      ],
      [['--model', makeModelDir('affine-25d'), '--mask', join(dir, 'nope.nii.gz')], /nope\.nii\.gz/],
      [['--model', join(dir, 'no-such-model')], /model not found/],
    ];
    for (const [extra, message] of cases) {
      const out = join(dir, 'failed', 'sct.nii.gz');
      await expectCliRefuses(['synth', '--mr', mrPath, '--out', out, ...extra], { code: 1, message });
      expect(existsSync(join(dir, 'failed')) ? readdirSync(join(dir, 'failed')) : []).toEqual([]);
    }
  });

  it('rejects bad usage with exit 2', async () => {
    const model = makeModelDir('affine-25d');
    const noOut = ['synth', '--mr', mrPath, '--model', model];
    await expectCliRefuses(noOut, { code: 2, message: /missing required option --out/ });
    await expectCliRefuses(synthArgv(model, join(dir, 'x.nii'), '--threads', '0'), { code: 2 });
    const ext = synthArgv(model, join(dir, 'x.png'));
    await expectCliRefuses(ext, { code: 2, message: /unrecognised volume file type/ });
  });
});
