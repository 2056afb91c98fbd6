import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GeometryError, InputError, UnsupportedError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import type { Volume } from '../../../src/core/volume.js';
import { readImageSeries } from '../../../src/dicom/image-series.js';
import { readDicomFile } from '../../../src/dicom/parse.js';
import { decodeFrames } from '../../../src/dicom/pixel-data.js';
import { readRtDose } from '../../../src/dicom/rtdose.js';
import { writeRtDose } from '../../../src/dicom/rtdose-write.js';
import { writeImageSeries } from '../../../src/dicom/series-write.js';
import { freshPaths, useTempDir } from '../../helpers/temp-dir.js';
import { editDicom } from './dicom-edit.js';
import { HAVE_SHARED_DATA, SKIP_NOTE, dataPath } from './real-data.js';
import { makeRoundtripDose } from './roundtrip-volumes.js';

const fresh = freshPaths(useTempDir('equidose-dicom-bad-'));

/** A small CT series on disk: 4×3 pixels, 5 slices 2.5 mm apart, HU = 10·n − 1000. */
function writeCtSeries(dir: string, originZ = 0, frame = '1.2.826.0.1.3680043.8.498.7'): void {
  const grid = createGrid({
    size: [4, 3, 5],
    spacingMm: [0.8, 0.9, 2.5],
    originLpsMm: [0, 0, originZ],
    frameOfReferenceUid: frame,
  });
  const volume: Volume<'HU'> = {
    grid,
    quantity: 'HU',
    data: Float32Array.from({ length: 60 }, (_, n) => 10 * n - 1000),
  };
  writeImageSeries(dir, volume, { modality: 'CT' });
}

describe('image series: refused with an error naming the problem', () => {
  it('a missing slice: the gap is named by its positions along the normal', () => {
    const dir = fresh('missing');
    writeCtSeries(dir);
    rmSync(join(dir, 'CT.0003.dcm'));
    expect(() => readImageSeries(dir)).toThrow(GeometryError);
    expect(() => readImageSeries(dir)).toThrow(
      'missing slice: a 5.000 mm gap between slice positions 2.50 mm and 7.50 mm along the normal (slice step 2.500 mm, 1 slice missing)',
    );
  });

  it('mixed orientations within one series name both files', () => {
    const dir = fresh('mixed');
    writeCtSeries(dir);
    const tilted = editDicom(join(dir, 'CT.0004.dcm'), (ds) => {
      ds['ImageOrientationPatient'] = [1, 0, 0, 0, 0.8, -0.6];
    });
    writeFileSync(join(dir, 'CT.0004.dcm'), tilted);
    expect(() => readImageSeries(dir)).toThrow(
      /^mixed orientations: ImageOrientationPatient \[1, 0, 0, 0, 0\.8, -0\.6\] in .*CT\.0004\.dcm vs \[1, 0, 0, 0, 1, 0\] in .*CT\.0001\.dcm$/,
    );
  });

  it('non-uniform slice spacing', () => {
    const dir = fresh('nonuniform');
    writeCtSeries(dir);
    writeFileSync(
      join(dir, 'CT.0005.dcm'),
      editDicom(join(dir, 'CT.0005.dcm'), (ds) => void (ds['ImagePositionPatient'] = [0, 0, 10.9])),
    );
    expect(() => readImageSeries(dir)).toThrow(
      'non-uniform slice spacing: step 3.400 mm between 7.50 mm and 10.90 mm along the normal vs 2.500 mm elsewhere',
    );
  });

  it('two series in one directory: listed with description and slice count; --series chooses', () => {
    const dir = fresh('two');
    writeCtSeries(join(dir, 'a'));
    writeCtSeries(join(dir, 'b'), 100);
    mkdirSync(join(dir, 'both'));
    for (const sub of ['a', 'b']) {
      for (const f of readdirSync(join(dir, sub)))
        copyFileSync(join(dir, sub, f), join(dir, 'both', `${sub}-${f}`));
    }
    expect(() => readImageSeries(join(dir, 'both'))).toThrow(
      /^inputs hold 2 image series; choose one with --series: 2\.25\.\d+ \(CT, 'CT \(equidose\)', 5 slices\); 2\.25\.\d+ \(CT, 'CT \(equidose\)', 5 slices\)$/,
    );
    const uid = readImageSeries(join(dir, 'b')).seriesInstanceUid;
    const chosen = readImageSeries(join(dir, 'both'), { seriesInstanceUid: uid });
    expect(chosen.volume.grid.originLpsMm).toEqual([0, 0, 100]);
    expect(() => readImageSeries(join(dir, 'both'), { seriesInstanceUid: '1.2.3' })).toThrow(
      /no series 1\.2\.3 among the inputs; found: 2\.25/,
    );
  });

  it('a directory with no DICOM files', () => {
    const dir = fresh('empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.txt'), 'not dicom');
    expect(() => readImageSeries(dir)).toThrow(InputError);
    expect(() => readImageSeries(dir)).toThrow('directory holds no DICOM files');
  });

  it('a file that is not DICOM', () => {
    const file = fresh('notes.dcm');
    writeFileSync(file, 'hello, this is plain text and not a DICOM file at all; '.repeat(5));
    expect(() => readDicomFile(file)).toThrow(
      'not a DICOM file (no "DICM" marker at byte 128 and no recognisable data set)',
    );
  });

  it('an unsupported compressed transfer syntax is named', () => {
    const dir = fresh('ts');
    writeCtSeries(dir);
    const file = { ...readDicomFile(join(dir, 'CT.0001.dcm')), transferSyntaxUid: '1.2.840.10008.1.2.4.50' };
    expect(() => decodeFrames(file)).toThrow(UnsupportedError);
    expect(() => decodeFrames(file)).toThrow(
      'unsupported transfer syntax 1.2.840.10008.1.2.4.50 (JPEG Baseline (Process 1))',
    );
  });
});

describe.skipIf(!HAVE_SHARED_DATA)(`truncated real files${SKIP_NOTE}`, () => {
  it.each([
    ['in the pixel data', 0.5, /pixel data truncated: \d+ bytes, expected 524288|truncated or corrupt DICOM/],
    ['in the header', 0.002, /truncated or corrupt DICOM/],
  ])('a CT slice cut %s → InputError with the file', (_where, fraction, message) => {
    const source = readFileSync(dataPath('dicom/dicompyler_ct.0.dcm'));
    const file = fresh('cut.dcm');
    writeFileSync(file, source.subarray(0, Math.floor(source.length * fraction)));
    let error: unknown;
    try {
      readImageSeries(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe(file);
    expect((error as Error).message).toMatch(message);
  });

  it('absolute GridFrameOffsetVector (z positions) reads as the relative one does', () => {
    const source = dataPath('dicom/pydicom_rtdose.dcm');
    const file = fresh('absolute.dcm');
    writeFileSync(
      file,
      editDicom(
        source,
        (ds) => void (ds['GridFrameOffsetVector'] = Array.from({ length: 15 }, (_, k) => -761.87 + 5 * k)),
      ),
    );
    const relative = readRtDose(source, { allowRelativeUnits: true });
    const absolute = readRtDose(file, { allowRelativeUnits: true });
    expect(absolute.absoluteFrameOffsets).toBe(true);
    expect(absolute.volume.grid.spacingMm[2]).toBeCloseTo(5, 9);
    expect(absolute.volume.grid.axes).toEqual(relative.volume.grid.axes);
    expect(absolute.volume.data).toEqual(relative.volume.data);
  });
});

describe('RTDOSE frame offsets', () => {
  /** The round-trip RTDOSE (5 frames 4 mm apart) as a file whose GridFrameOffsetVector is `offsetsMm`. */
  function doseWithFrameOffsets(name: string, offsetsMm: number[]): string {
    const good = fresh(`${name}.dcm`);
    writeRtDose(good, makeRoundtripDose());
    const bad = fresh(`${name}-bad.dcm`);
    writeFileSync(
      bad,
      editDicom(good, (ds) => void (ds['GridFrameOffsetVector'] = offsetsMm)),
    );
    return bad;
  }

  it('non-uniform GridFrameOffsetVector → GeometryError naming the frame', () => {
    const bad = doseWithFrameOffsets('dose', [0, -4, -8, -13, -16]);
    expect(() => readRtDose(bad)).toThrow(GeometryError);
    expect(() => readRtDose(bad)).toThrow(
      'non-uniform GridFrameOffsetVector: frame 3 at -13 mm, uniform spacing would put it at -12 mm (step -4 mm)',
    );
  });

  it('a frame count that disagrees with GridFrameOffsetVector', () => {
    const bad = doseWithFrameOffsets('dose2', [0, -4, -8]);
    expect(() => readRtDose(bad)).toThrow('GridFrameOffsetVector has 3 values for 5 frames');
  });
});
