import { describe, expect, it } from 'vitest';
import type { DicomObjectInfo } from '../../../src/dicom/dicom-info.js';
import { runCliCaptured } from '../../helpers/run-cli.js';
import { EXPECTED, HAVE_SHARED_DATA, SKIP_NOTE, dataPath } from './real-data.js';

type Objects = { format: string; objects: DicomObjectInfo[] };
const infoJson = async (path: string): Promise<Objects> => {
  const r = await runCliCaptured(['info', path, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Objects;
};

describe.skipIf(!HAVE_SHARED_DATA)(`equidose info on DICOM${SKIP_NOTE}`, () => {
  it('RTSTRUCT: rois with name, type and contour count (pydicom counts, no-preamble file)', async () => {
    const e = EXPECTED.rtstruct['pydicom']!;
    const info = await infoJson(dataPath(e.file));
    expect(info.format).toBe('DICOM');
    const [o] = info.objects;
    if (o?.kind !== 'rtstruct') throw new Error('expected an rtstruct');
    expect(o.rois).toEqual(
      e.rois.map((r) => ({
        roiNumber: r.roiNumber,
        name: r.name,
        type: r.type,
        contourCount: r.closedPlanarContours,
      })),
    );
    expect(o.frameOfReferenceUid).toBe(e.frameOfReferenceUid);
  });

  it('RTPLAN: beams with gantry angle, MU and control points', async () => {
    const e = EXPECTED.rtplan['dicompyler']!;
    const [o] = (await infoJson(dataPath(e.file))).objects;
    if (o?.kind !== 'rtplan') throw new Error('expected an rtplan');
    expect(o.beams.map((b) => [b.name, b.gantryDeg, b.mu, b.controlPoints])).toEqual(
      e.beams.map((b) => [b.name, b.controlPoints[0]!.gantryDeg, b.beamMetersetMu, b.numberOfControlPoints]),
    );
    expect([o.patientPosition, o.fractionsPlanned]).toEqual([e.patientPosition, e.numberOfFractionsPlanned]);
  });

  it('RTDOSE: grid and max dose', async () => {
    const e = EXPECTED.rtdose['pydicom']!;
    const [o] = (await infoJson(dataPath(e.file))).objects;
    if (o?.kind !== 'rtdose') throw new Error('expected an rtdose');
    expect(o.grid.size).toEqual(e.size);
    expect(o.grid.originLpsMm).toEqual(e.originLpsMm);
    expect(o.doseUnits).toBe('RELATIVE');
    expect(Math.abs(o.maxDose - e.maxDose) / e.maxDose).toBeLessThan(1e-7);
  });

  it('a directory: the CT series (grid) and the RTSTRUCT beside it, as text', async () => {
    const dir = dataPath('real/rtutils_phantom_rtstruct');
    const json = await infoJson(dir);
    expect(json.objects.map((o) => o.kind)).toEqual(['series', 'rtstruct']);
    const series = json.objects[0];
    if (series?.kind !== 'series') throw new Error('expected a series');
    expect([series.sliceCount, series.grid?.size]).toEqual([2, [512, 512, 2]]);
    const text = await runCliCaptured(['info', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`CT series ${EXPECTED.series['rtutilsPhantom']!.seriesInstanceUid}`);
    expect(text.stdout).toContain(
      '512×512×2 voxels, spacing 0.4883×0.4883×5 mm, origin (-125, -125, 60) mm LPS',
    );
    expect(text.stdout).toContain('  1 ROI-1 (no type): 2 contours');
  });

  it('the J2K series directory: one series, its transfer syntax and grid', async () => {
    const text = await runCliCaptured(['info', dataPath('real/totalsegmentator_example/example_ct_dicom')]);
    expect(text.stdout).toContain('20 slices, JPEG 2000 Image Compression (Lossless Only)');
    expect(text.stdout).toContain('512×512×20 voxels, spacing 0.9766×0.9766×2 mm');
  });
});
