import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GeometryError, InputError, PipelineError, UnsupportedError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { detachedDataFileName, writeVolume } from '../../../src/io/write-volume.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { makePatternVolume, makeTempDir } from './volume-test-helpers.js';

/** Runs `fn`, expecting a PipelineError of class `kind` whose file is `file` and whose message matches. */
function expectFailure(
  fn: () => unknown,
  kind: new (...args: never[]) => PipelineError,
  file: string,
  message: RegExp,
): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(kind);
  expect((caught as PipelineError).file).toBe(file);
  expect((caught as PipelineError).message).toMatch(message);
  expect((caught as PipelineError).message).not.toContain('\n');
}

/** Replaces text in a NRRD header (up to the blank line), leaving the binary data untouched. */
const editHeader =
  (from: string, to: string) =>
  (b: Uint8Array): Uint8Array => {
    const end = Buffer.from(b).indexOf('\n\n');
    const header = new TextDecoder('latin1').decode(b.subarray(0, end)).replace(from, to);
    return new Uint8Array([...new TextEncoder().encode(header), ...b.subarray(end)]);
  };

describe('bad volume input', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const volume = makePatternVolume(makeAwkwardGrid({ size: [6, 5, 4] }), 'HU', Int16Array);
  const at = (name: string): string => join(tmp.dir, name);
  /** Writes a valid file, lets `edit` corrupt its bytes, returns its path. */
  const corrupt = (name: string, edit: (b: Uint8Array) => Uint8Array): string => {
    writeVolume(at(name), volume);
    writeFileSync(at(name), edit(new Uint8Array(readFileSync(at(name)))));
    return at(name);
  };
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('truncated gzip (.nii.gz, .nrrd) and zlib (.mha)', () => {
    for (const name of ['t.nii.gz', 't.nrrd', 't.mha']) {
      const path = corrupt(name, (b) => b.subarray(0, b.length - 40));
      expectFailure(() => readVolume(path), InputError, path, /corrupt or truncated (gzip|zlib)/);
    }
  });

  it('header/data size mismatch in every format', () => {
    for (const name of ['m.nii', 'm.nhdr', 'm.mhd']) {
      writeVolume(at(name), volume);
      const data = name.endsWith('.nii') ? at(name) : at(detachedDataFileName(name));
      // .nhdr data is gzip-encoded: shorten the voxel bytes inside a valid gzip stream.
      const gz = data.endsWith('.gz');
      const bytes = gz ? gunzipSync(readFileSync(data)) : readFileSync(data);
      const short = bytes.subarray(0, bytes.length - 100);
      writeFileSync(data, gz ? gzipSync(short) : short);
      expectFailure(() => readVolume(at(name)), InputError, data, /voxel data too short/);
    }
  });

  it('unknown and unsupported datatypes', () => {
    const nii = corrupt('d.nii', (b) => {
      new DataView(b.buffer).setInt16(70, 999, true);
      return b;
    });
    expectFailure(() => readVolume(nii), InputError, nii, /unknown NIfTI datatype code 999/);
    const rgb = corrupt('rgb.nii', (b) => {
      new DataView(b.buffer).setInt16(70, 128, true);
      new DataView(b.buffer).setInt16(72, 24, true);
      return b;
    });
    expectFailure(() => readVolume(rgb), UnsupportedError, rgb, /RGB24/);
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    const nrrd = corrupt('d.nrrd', editHeader('type: short', 'type: quaternion'));
    expectFailure(() => readVolume(nrrd), InputError, nrrd, /unknown NRRD type 'quaternion'/);
    const mha = corrupt('d.mha', (b) =>
      text(new TextDecoder('latin1').decode(b).replace('MET_SHORT', 'MET_SHORTISH')),
    );
    expectFailure(() => readVolume(mha), InputError, mha, /unknown MetaImage ElementType 'MET_SHORTISH'/);
  });

  it('a directory, a missing file, an unknown extension, a missing detached data file', () => {
    mkdirSync(at('dir.nii'));
    expectFailure(() => readVolume(at('dir.nii')), InputError, at('dir.nii'), /is a directory/);
    expectFailure(() => readVolume(tmp.dir), InputError, tmp.dir, /is a directory/);
    expectFailure(() => readVolume(at('none.nii.gz')), InputError, at('none.nii.gz'), /no such file/);
    writeFileSync(at('x.png'), 'not a volume');
    expectFailure(
      () => readVolume(at('x.png')),
      UnsupportedError,
      at('x.png'),
      /unrecognised volume file type/,
    );
    writeVolume(at('h.mhd'), volume);
    copyFileSync(at('h.mhd'), at('orphan.mhd'));
    writeFileSync(at('orphan.mhd'), readFileSync(at('h.mhd'), 'latin1').replace('h.raw', 'gone.raw'));
    expectFailure(() => readVolume(at('orphan.mhd')), InputError, at('gone.raw'), /no such file/);
  });

  it('not the format its name says, and unsupported content', () => {
    writeFileSync(at('fake.nii'), new Uint8Array(400));
    expectFailure(() => readVolume(at('fake.nii')), InputError, at('fake.nii'), /not a NIfTI-1 file/);
    writeFileSync(at('fake.nrrd'), 'hello\n\n');
    expectFailure(() => readVolume(at('fake.nrrd')), InputError, at('fake.nrrd'), /not a NRRD file/);
    const s4d = corrupt('4d.nii', (b) => {
      const v = new DataView(b.buffer);
      v.setInt16(40, 4, true);
      v.setInt16(48, 2, true);
      return b;
    });
    expectFailure(() => readVolume(s4d), UnsupportedError, s4d, /only 3D NIfTI/);
    const scanner = corrupt('s.nrrd', editHeader('left-posterior-superior', 'scanner-xyz'));
    expectFailure(
      () => readVolume(scanner),
      UnsupportedError,
      scanner,
      /NRRD space 'scanner-xyz' is not supported/,
    );
    const bz = corrupt('b.nrrd', editHeader('encoding: gzip', 'encoding: bz2'));
    expectFailure(() => readVolume(bz), UnsupportedError, bz, /NRRD encoding 'bz2' is not supported/);
  });

  it('a sheared NIfTI sform is refused as geometry', () => {
    const sheared = corrupt('shear.nii', (b) => {
      const v = new DataView(b.buffer);
      v.setFloat32(280 + 4, 0.5, true); // srow_x[1]: the j column gains an x component
      v.setFloat32(296 + 4, 0, true);
      v.setFloat32(280, 1, true);
      v.setFloat32(296, 0, true);
      v.setFloat32(312, 0, true);
      v.setFloat32(300, 1, true);
      v.setFloat32(316, 0, true);
      return b;
    });
    expectFailure(() => readVolume(sheared), GeometryError, sheared, /not orthogonal/);
  });

  it('writes nothing when the volume is invalid or the extension unknown', () => {
    const bad = createVolume(
      createGrid({ size: [2, 2, 2], spacingMm: [1, 1, 1] }),
      'Gy',
      new Float32Array(8),
    );
    const wrongLength = { ...bad, data: new Float32Array(7) };
    expect(() => writeVolume(at('w.nii.gz'), wrongLength)).toThrow(PipelineError);
    expect(() => writeVolume(at('w.nrrd'), { ...bad, grid: { ...bad.grid, spacingMm: [1, 0, 1] } })).toThrow(
      GeometryError,
    );
    expect(() => writeVolume(at('w.png'), bad)).toThrow(UnsupportedError);
    expect(readdirSync(tmp.dir)).toEqual([]);
    expect(existsSync(at('w.nii.gz'))).toBe(false);
  });
});
