import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GeometryError, NumericalError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import type { Volume } from '../../../src/core/volume.js';
import { sequence, optString } from '../../../src/dicom/dataset.js';
import { readImageSeries } from '../../../src/dicom/image-series.js';
import { parseDicomBytes } from '../../../src/dicom/parse.js';
import { encodeRtDose } from '../../../src/dicom/rtdose-write.js';
import { writeImageSeries } from '../../../src/dicom/series-write.js';
import { deriveUid } from '../../../src/dicom/uid.js';
import { makeRoundtripDose, makeRoundtripSct } from './roundtrip-volumes.js';

const dir = mkdtempSync(join(tmpdir(), 'equidose-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('RTDOSE writer', () => {
  it('references plan, structure set and image series when given', () => {
    const encoded = encodeRtDose(makeRoundtripDose(), {
      rtPlanSopInstanceUid: '1.2.3.1',
      structureSetSopInstanceUid: '1.2.3.2',
      imageSeries: {
        seriesInstanceUid: '1.2.3.3',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        sopInstanceUids: ['1.2.3.4', '1.2.3.5'],
      },
      doseSummationType: 'BEAM',
    });
    const ds = parseDicomBytes(encoded.bytes, 'memory').dataset;
    expect(optString(sequence(ds, 'ReferencedRTPlanSequence')[0]!, 'ReferencedSOPInstanceUID')).toBe(
      '1.2.3.1',
    );
    expect(optString(sequence(ds, 'ReferencedStructureSetSequence')[0]!, 'ReferencedSOPInstanceUID')).toBe(
      '1.2.3.2',
    );
    const series = sequence(ds, 'ReferencedSeriesSequence')[0]!;
    expect(optString(series, 'SeriesInstanceUID')).toBe('1.2.3.3');
    expect(
      sequence(series, 'ReferencedInstanceSequence').map((i) => optString(i, 'ReferencedSOPInstanceUID')),
    ).toEqual(['1.2.3.4', '1.2.3.5']);
    expect(ds['DoseSummationType']).toBe('BEAM');
    expect(ds['SOPInstanceUID']).toBe(encoded.sopInstanceUid);
  });

  it('gives a grid without frame of reference a new one, with a warning', () => {
    const dose = makeRoundtripDose();
    const encoded = encodeRtDose({ ...dose, grid: { ...dose.grid, frameOfReferenceUid: '' } });
    const uid = parseDicomBytes(encoded.bytes, 'memory').dataset['FrameOfReferenceUID'];
    expect(uid).toMatch(/^2\.25\.\d+$/);
    expect(encoded.warnings).toEqual([
      `the dose grid has no frame of reference: a new FrameOfReferenceUID ${String(uid)} was made`,
    ]);
  });

  it('refuses NaN, negative doses and a k axis that is not normal to the slices', () => {
    const dose = makeRoundtripDose();
    const withValue = (v: number): Volume<'Gy'> => ({
      ...dose,
      data: dose.data.map((x, n) => (n === 5 ? v : x)),
    });
    expect(() => encodeRtDose(withValue(NaN))).toThrow(
      new NumericalError('dose has a non-finite value NaN at voxel index 5'),
    );
    expect(() => encodeRtDose(withValue(-0.1))).toThrow(/negative value -0\.1.* Gy at voxel index 5/);
    const c = Math.SQRT1_2;
    const sheared = {
      ...dose.grid,
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, c, c],
      ] as const,
    };
    expect(() => encodeRtDose({ ...dose, grid: sheared })).toThrow(GeometryError);
  });

  it('is deterministic: equal inputs give equal bytes and UIDs; different doses differ', () => {
    const a = encodeRtDose(makeRoundtripDose());
    const b = encodeRtDose(makeRoundtripDose());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const other = makeRoundtripDose();
    other.data[10] = 1;
    expect(encodeRtDose(other).sopInstanceUid).not.toBe(a.sopInstanceUid);
  });
});

describe('image series writer', () => {
  it('MR: linear 16-bit scaling; read back within half a RescaleSlope, same geometry', () => {
    const sct = makeRoundtripSct();
    const mr: Volume<'MR'> = { ...sct, quantity: 'MR', data: sct.data.map((v) => (v + 1500) * 0.731) };
    const out = join(dir, 'mr');
    writeImageSeries(out, mr, { modality: 'MR' });
    const back = readImageSeries(out);
    expect(back.modality).toBe('MR');
    expect(back.volume.quantity).toBe('MR');
    let min = Infinity;
    let max = -Infinity;
    for (const v of mr.data) [min, max] = [Math.min(min, v), Math.max(max, v)];
    const halfSlope = (max - min) / 65535 / 2;
    mr.data.forEach((v, n) =>
      expect(Math.abs(back.volume.data[n]! - v)).toBeLessThanOrEqual(halfSlope * 1.001 + 1e-4),
    );
    expect(back.volume.grid.frameOfReferenceUid).toBe(sct.grid.frameOfReferenceUid);
  });

  it('a left-handed grid (k against iDir × jDir) is written as slices the reader stacks back the other way', () => {
    const grid = createGrid({
      size: [3, 2, 4],
      spacingMm: [1, 1, 3],
      axes: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, -1],
      ],
      frameOfReferenceUid: '1.2.3',
    });
    const ct: Volume<'HU'> = {
      grid,
      quantity: 'HU',
      data: Float32Array.from({ length: 24 }, (_, n) => n * 10),
    };
    const out = join(dir, 'left');
    writeImageSeries(out, ct, { modality: 'CT' });
    const back = readImageSeries(out);
    expect(back.volume.grid.axes[2]).toEqual([0, 0, 1]);
    expect(back.volume.grid.originLpsMm).toEqual([0, 0, -9]);
    // Voxel (i, j, k) of the input is voxel (i, j, 3 − k) read back.
    for (let k = 0; k < 4; k++) expect(back.volume.data[6 * (3 - k)]).toBe(ct.data[6 * k]);
  });
});

describe('deriveUid', () => {
  it('is a 2.25 UUID-derived UID, ≤ 64 characters, version 8, stable and input-sensitive', () => {
    const uid = deriveUid('rtdose', 'abc');
    expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    const hex = BigInt(uid.slice(5)).toString(16).padStart(32, '0');
    expect(hex[12]).toBe('8');
    expect(['8', '9', 'a', 'b']).toContain(hex[16]);
    expect(deriveUid('rtdose', 'abc')).toBe(uid);
    expect(deriveUid('rtdose', 'abd')).not.toBe(uid);
    expect(deriveUid('rtdose', 'a', 'bc')).not.toBe(deriveUid('rtdose', 'ab', 'c'));
  });
});
