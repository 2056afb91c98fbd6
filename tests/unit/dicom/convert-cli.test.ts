import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { voxelIndex } from '../../../src/core/grid.js';
import { readImageSeries } from '../../../src/dicom/image-series.js';
import { readDicomFile } from '../../../src/dicom/parse.js';
import { readRtDose } from '../../../src/dicom/rtdose.js';
import { writeImageSeries } from '../../../src/dicom/series-write.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { readStructuresJson } from '../../../src/io/structures-file.js';
import { writeVolume } from '../../../src/io/write-volume.js';
import { expectCliRefuses, runCliCaptured } from '../../helpers/run-cli.js';
import { freshPaths, useTempDir } from '../../helpers/temp-dir.js';
import { DICOM_DOSE_ROUNDTRIP_REL } from '../../helpers/tolerances.js';
import { editDicom } from './dicom-edit.js';
import { EXPECTED, HAVE_SHARED_DATA, SKIP_NOTE, dataPath } from './real-data.js';
import { makeRoundtripDose, makeRoundtripSct } from './roundtrip-volumes.js';

const fresh = freshPaths(useTempDir('equidose-convert-'));

/** Runs `equidose convert` expecting it to fail: exit 1, one line on stderr matching `message`, nothing at `out`. */
async function expectRefused(argv: string[], out: string, message: RegExp): Promise<void> {
  await expectCliRefuses(argv, { code: 1, message, unwritten: [out] });
}

describe.skipIf(!HAVE_SHARED_DATA)(`equidose convert on real DICOM${SKIP_NOTE}`, () => {
  it('J2K CT series directory → NIfTI: geometry and HU as pydicom reads the DICOM', async () => {
    const e = EXPECTED.series['totalsegmentatorJ2k']!;
    const out = fresh('ct.nii');
    const r = await runCliCaptured([
      'convert',
      dataPath('real/totalsegmentator_example/example_ct_dicom'),
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out} (HU, 512×512×20 voxels)\n`);
    const back = readVolume(out);
    expect(back.quantity).toBe('HU');
    expect(back.grid.size).toEqual(e.size);
    back.grid.originLpsMm.forEach((v, d) => expect(v).toBeCloseTo(e.originLpsMm[d]!, 4));
    back.grid.spacingMm.forEach((v, d) => expect(v).toBeCloseTo(e.spacingMm[d]!, 6));
    let sum = 0;
    for (let n = 0; n < back.data.length; n++) sum += back.data[n]!;
    expect(sum).toBe(e.valueSum);
    for (const s of e.samples) expect(back.data[voxelIndex(back.grid.size, ...s.ijk)]).toBe(s.value);
  });

  it('RTDOSE (RELATIVE units) is refused by name, exit 1, nothing written', async () => {
    const out = fresh('dose.nii');
    await expectRefused(
      ['convert', dataPath('dicom/pydicom_rtdose.dcm'), out],
      out,
      /^equidose: .*pydicom_rtdose\.dcm: DoseUnits RELATIVE/,
    );
  });

  it('a truncated DICOM file: one line, exit 1, nothing written', async () => {
    const cut = fresh('cut.dcm');
    const source = readFileSync(dataPath('dicom/dicompyler_ct.0.dcm'));
    writeFileSync(cut, source.subarray(0, 2000));
    const out = fresh('cut.nii');
    await expectRefused(
      ['convert', cut, out],
      out,
      /cut\.dcm: (truncated or corrupt DICOM|pixel data truncated: 606 bytes, expected 524288)/,
    );
  });
});

describe.skipIf(!HAVE_SHARED_DATA)(`equidose convert: RTSTRUCT → structures.json${SKIP_NOTE}`, () => {
  it('writes the contours; --reference on its own CT passes (dicompyler)', async () => {
    const out = fresh('rtss.json');
    const r = await runCliCaptured([
      'convert',
      dataPath('dicom/dicompyler_rtss.dcm'),
      out,
      '--reference',
      dataPath('dicom/dicompyler_ct.0.dcm'),
    ]);
    expect(r.stdout).toBe(`wrote ${out}: 10 structures (contours only)\n`);
    const set = readStructuresJson(out);
    const e = EXPECTED.rtstruct['dicompyler']!;
    expect(set.structures.map((s) => [s.name, s.contours.length])).toEqual(
      e.rois.map((r) => [r.name, r.closedPlanarContours]),
    );
    expect(set.frameOfReferenceUid).toBe(e.frameOfReferenceUid);
  });

  it('an RTSTRUCT in another frame of reference than --reference: one line, exit 1, nothing written', async () => {
    const out = fresh('rtss-bad.json');
    await expectRefused(
      [
        'convert',
        dataPath('real/rtutils_phantom_rtstruct/rt.dcm'),
        out,
        '--reference',
        dataPath('real/rtutils_phantom_rtstruct'),
      ],
      out,
      /rt\.dcm: RTSTRUCT is in frame of reference 1\.2\.826\.0\.1\.3680043\.8\.498\.4132.* but the image is in 1\.2\.840\.113619/,
    );
  });
});

describe('equidose convert: volumes → DICOM and back', () => {
  it('NIfTI dose → RTDOSE (--as rtdose) → NIfTI: doses within 1e-6 relative', async () => {
    const dose = makeRoundtripDose();
    const nii = fresh('dose.nii');
    writeVolume(nii, dose);
    const dcm = fresh('dose.dcm');
    const r = await runCliCaptured(['convert', nii, dcm, '--as', 'rtdose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote RTDOSE .*dose\.dcm \(DoseGridScaling 1\.3969839e-8\)\n$/);
    const back = readRtDose(dcm);
    const maxGy = 60;
    dose.data.forEach((v, n) =>
      expect(Math.abs(back.volume.data[n]! - v)).toBeLessThanOrEqual(
        DICOM_DOSE_ROUNDTRIP_REL * Math.max(v, 0.01 * maxGy),
      ),
    );
    const again = fresh('dose-again.nii');
    expect((await runCliCaptured(['convert', dcm, again])).code).toBe(0);
    expect(readVolume(again).quantity).toBe('Gy');
  });

  it('sCT NIfTI → CT series in the MR frame of reference with --sct-source, referencing the MR', async () => {
    const sct = makeRoundtripSct();
    const mrDir = fresh('mr');
    const mr = writeImageSeries(
      mrDir,
      { ...sct, quantity: 'MR', data: sct.data.map((v) => v + 2000) },
      { modality: 'MR' },
    );
    const nii = fresh('sct.nii.gz');
    writeVolume(nii, { ...sct, grid: { ...sct.grid, frameOfReferenceUid: '' } });
    const out = fresh('sct-dicom');
    const r = await runCliCaptured(['convert', nii, out, '--as', 'ct', '--sct-source', mrDir]);
    expect(r.stdout).toBe(`wrote synthetic CT series ${out}: 4 slices in the MR's frame of reference\n`);
    expect(r.stderr).toBe('equidose: warning: 1 voxels outside −1024 … 64511 HU were clamped\n');
    const ct = readImageSeries(out);
    expect(ct.volume.grid.frameOfReferenceUid).toBe(sct.grid.frameOfReferenceUid);
    const first = readDicomFile(join(out, 'CT.0001.dcm')).dataset;
    expect(first['ImageType']).toEqual(['DERIVED', 'SECONDARY', 'AXIAL']);
    expect(
      (first['SourceImageSequence'] as { ReferencedSOPInstanceUID: string }[])[0]!.ReferencedSOPInstanceUID,
    ).toBe(mr.sopInstanceUids[0]);
    expect(String(first['DerivationDescription'])).toContain(mr.seriesInstanceUid);
  });

  it('refuses an sCT that is not on the MR grid; nothing written', async () => {
    const sct = makeRoundtripSct();
    const mrDir = fresh('mr2');
    writeImageSeries(
      mrDir,
      { ...sct, quantity: 'MR', grid: { ...sct.grid, originLpsMm: [0, 0, 0] } },
      { modality: 'MR' },
    );
    const nii = fresh('sct2.nii');
    writeVolume(nii, sct);
    const out = fresh('sct2-dicom');
    await expectRefused(
      ['convert', nii, out, '--as', 'ct', '--sct-source', mrDir],
      out,
      /the sCT is not on the MR grid \(origin/,
    );
  });

  it('bad input through the CLI: a missing slice and an RTDOSE with non-uniform frame offsets', async () => {
    const dir = fresh('gap');
    const sct = makeRoundtripSct();
    writeImageSeries(dir, sct, { modality: 'CT' });
    rmSync(join(dir, 'CT.0002.dcm'));
    const out = fresh('gap.nii');
    await expectRefused(
      ['convert', dir, out],
      out,
      /gap: missing slice: a 5\.000 mm gap between slice positions/,
    );

    const doseFile = fresh('d.dcm');
    const nii = fresh('d.nii');
    writeVolume(nii, makeRoundtripDose());
    expect((await runCliCaptured(['convert', nii, doseFile, '--as', 'rtdose'])).code).toBe(0);
    const bad = fresh('d-bad.dcm');
    writeFileSync(
      bad,
      editDicom(doseFile, (ds) => void (ds['GridFrameOffsetVector'] = [0, -4, -9, -12, -16])),
    );
    const out2 = fresh('d-bad.nii');
    await expectRefused(
      ['convert', bad, out2],
      out2,
      /d-bad\.dcm: non-uniform GridFrameOffsetVector: frame 2 at -9 mm/,
    );
  });

  it('mixed orientations in a series directory: one line, exit 1, nothing written', async () => {
    const dir = fresh('mixed');
    writeImageSeries(dir, makeRoundtripSct(), { modality: 'CT' });
    writeFileSync(
      join(dir, 'CT.0003.dcm'),
      editDicom(join(dir, 'CT.0003.dcm'), (ds) => void (ds['ImageOrientationPatient'] = [1, 0, 0, 0, 1, 0])),
    );
    const out = fresh('mixed.nii');
    await expectRefused(
      ['convert', dir, out],
      out,
      /mixed: mixed orientations: ImageOrientationPatient \[1, 0, 0, 0, 1, 0\] in .*CT\.0003\.dcm vs/,
    );
  });

  it('refuses to write a series into a non-empty directory', async () => {
    const nii = fresh('ct.nii');
    writeVolume(nii, makeRoundtripSct());
    const out = fresh('occupied');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'x');
    const occupied = /occupied: output directory exists and is not empty/;
    await expectCliRefuses(['convert', nii, out, '--as', 'ct'], { code: 1, message: occupied });
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('usage errors exit 2', async () => {
    expect((await runCliCaptured(['convert', 'a.nii'])).code).toBe(2);
    expect((await runCliCaptured(['convert', 'a.nii', 'b', '--as', 'pet'])).stderr).toMatch(
      /--as must be ct, mr or rtdose/,
    );
  });
});
