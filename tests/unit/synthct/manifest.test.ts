import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseModelManifest } from '../../../src/synthct/manifest-schema.js';
import { baseManifest } from './synthct-fixtures.js';

const SHA = 'ab'.repeat(32);

/** Every leaf path of a JSON object (dotted), to delete one at a time. */
function leafPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? [`${prefix}${k}`, ...leafPaths(v as Record<string, unknown>, `${prefix}${k}.`)]
      : [`${prefix}${k}`],
  );
}

/** A copy of `obj` without the field at dotted `path`. */
function without(path: string, obj: Record<string, unknown> = baseManifest(SHA)): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  return Object.fromEntries(
    Object.entries(obj).flatMap(([k, v]) => {
      if (k !== head) return [[k, v]];
      return rest.length === 0 ? [] : [[k, without(rest.join('.'), v as Record<string, unknown>)]];
    }),
  );
}

describe('parseModelManifest', () => {
  it('accepts the complete manifest and keeps its values', () => {
    const m = parseModelManifest(baseManifest(SHA));
    expect(m.input.channels).toBe(3);
    expect(m.modelGrid.neighbourSlices).toBe(1);
    expect(m.mrNormalisation).toEqual({
      method: 'percentile-in-body',
      lowerPercentile: 1,
      upperPercentile: 99,
      outputRange: [-1, 1],
      clip: true,
    });
  });

  const paths = leafPaths(baseManifest(SHA));
  it.each(paths)('names the missing field %s', (path) => {
    expect(() => parseModelManifest(without(path))).toThrow(
      new RegExp(`missing field '${path.replace(/\./g, '\\.')}'`),
    );
  });

  it('covers every field the issue lists', () => {
    for (const p of [
      'onnx.sha256',
      'input.name',
      'output.name',
      'modelGrid.sliceDirection',
      'modelGrid.inPlaneSpacingMm',
      'input.height',
      'modelGrid.neighbourSlices',
      'mrNormalisation.method',
      'outputToHu.scale',
      'huClipRange',
      'trainingData',
      'licence',
    ])
      expect(paths).toContain(p);
  });

  const bad: [string, (m: Record<string, unknown>) => void, RegExp][] = [
    [
      'channels ≠ 2n+1',
      (m) => ((m['input'] as Record<string, unknown>)['channels'] = 5),
      /input\.channels 5 ≠ 2 · modelGrid\.neighbourSlices \+ 1 = 3/,
    ],
    [
      'two directions on one axis',
      (m) => ((m['modelGrid'] as Record<string, unknown>)['rowDirection'] = '-L'),
      /not three different patient axes/,
    ],
    [
      'a bad direction',
      (m) => ((m['modelGrid'] as Record<string, unknown>)['sliceDirection'] = 'S'),
      /sliceDirection' must be one of/,
    ],
    ['a bad sha256', (m) => ((m['onnx'] as Record<string, unknown>)['sha256'] = 'xyz'), /64 hex digits/],
    [
      'float16 dtype',
      (m) => ((m['input'] as Record<string, unknown>)['dtype'] = 'float16'),
      /dtype 'float16' is not supported/,
    ],
    [
      'an inverted clip range',
      (m) => (m['huClipRange'] = [3000, -1024]),
      /huClipRange' must be \[min, max\]/,
    ],
    [
      'air outside the clip range',
      (m) => (m['outsideBodyHu'] = -2000),
      /outsideBodyHu -2000 is outside huClipRange/,
    ],
    [
      'an unknown normalisation',
      (m) => ((m['mrNormalisation'] as Record<string, unknown>)['method'] = 'zscore'),
      /'zscore' is not/,
    ],
    [
      'inverted percentiles',
      (m) => ((m['mrNormalisation'] as Record<string, unknown>)['upperPercentile'] = 0.5),
      /upperPercentile' must be a percentile > lowerPercentile/,
    ],
    [
      'a zero HU scale',
      (m) => ((m['outputToHu'] as Record<string, unknown>)['scale'] = 0),
      /outputToHu\.scale' must be non-zero/,
    ],
    ['schema version 2', (m) => (m['schemaVersion'] = 2), /schemaVersion 2 is not supported/],
    [
      'a negative spacing',
      (m) => ((m['modelGrid'] as Record<string, unknown>)['inPlaneSpacingMm'] = [1, -1]),
      /both > 0 mm/,
    ],
    [
      'a non-integer dim',
      (m) => ((m['input'] as Record<string, unknown>)['width'] = 2.5),
      /positive integer or 'dynamic'/,
    ],
  ];
  it.each(bad)('rejects %s', (_name, edit, message) => {
    const m = structuredClone(baseManifest(SHA));
    edit(m);
    let error: unknown;
    try {
      parseModelManifest(m);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });
});
