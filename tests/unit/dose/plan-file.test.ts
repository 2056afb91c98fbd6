import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UnsupportedError } from '../../../src/core/errors.js';
import { apertureAreaMm2, apertureRectsIsoMm } from '../../../src/dose/aperture.js';
import { parsePlan, readPlanFile } from '../../../src/dose/plan-file.js';

const beam = {
  name: 'G0',
  gantryDeg: 0,
  collimatorDeg: 0,
  couchDeg: 0,
  isocenterMm: [0, 0, 0],
  jawsMm: { x1: -50, x2: 50, y1: -50, y2: 50 },
  mu: 100,
};

describe('plan JSON', () => {
  it('parses the documented format; HFS is the default position; MLC is optional', () => {
    const plan = parsePlan({ machine: 'generic-6MV', beams: [beam] });
    expect(plan.patientPosition).toBe('HFS');
    expect(plan.beams[0]!.jawsMm.x2).toBe(50);
    const mlc = {
      leafBoundariesMm: [-10, 0, 10],
      leafPairsMm: [
        [-5, 5],
        [0, 0],
      ],
    };
    expect(parsePlan({ machine: 'm', beams: [{ ...beam, mlc }] }).beams[0]!.mlc!.leafPairsMm).toEqual(
      mlc.leafPairsMm,
    );
  });
  it('names the bad field', () => {
    expect(() =>
      parsePlan({ machine: 'm', beams: [{ ...beam, jawsMm: { x1: 5, x2: -5, y1: 0, y2: 1 } }] }),
    ).toThrow(/beams\[0\]\.jawsMm: x1 \(5\) must be < x2/);
    expect(() => parsePlan({ machine: 'm', beams: [{ ...beam, mu: 'x' }] })).toThrow(
      /beams\[0\]\.mu must be a finite number/,
    );
    expect(() => parsePlan({ machine: 'm', beams: [{ ...beam, gantry: 0 }] })).toThrow(
      /unknown field 'gantry'/,
    );
    expect(() => parsePlan({ machine: 'm', beams: [] })).toThrow(/non-empty/);
    expect(() => parsePlan({ machine: 'm', beams: [beam, beam] })).toThrow(/used twice/);
    expect(() => parsePlan({ machine: 'm', beams: [{ ...beam, isocenterMm: [0, 0] }] })).toThrow(
      /isocenterMm/,
    );
    const mlc = {
      leafBoundariesMm: [-10, 0],
      leafPairsMm: [
        [-5, 5],
        [0, 0],
      ],
    };
    expect(() => parsePlan({ machine: 'm', beams: [{ ...beam, mlc }] })).toThrow(
      /2 leaf pairs need 3 boundaries/,
    );
  });
  it('refuses decubitus positions as unsupported and unknown ones as invalid', () => {
    expect(() => parsePlan({ machine: 'm', patientPosition: 'HFDL', beams: [beam] })).toThrow(
      UnsupportedError,
    );
    expect(() => parsePlan({ machine: 'm', patientPosition: 'XYZ', beams: [beam] })).toThrow(InputError);
  });
  it('readPlanFile attributes errors to the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'equidose-plan-'));
    const path = join(dir, 'plan.json');
    writeFileSync(path, '{"machine": "m", "beams": [}');
    try {
      readPlanFile(path);
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).file).toBe(path);
      expect((error as Error).message).toMatch(/not valid JSON/);
    }
  });
});

describe('aperture = jaws ∩ MLC', () => {
  it('clips each leaf pair to the jaws and drops closed or outside pairs', () => {
    const rects = apertureRectsIsoMm({
      name: 'b',
      jawsMm: { x1: -20, x2: 30, y1: -15, y2: 25 },
      mlc: {
        leafBoundariesMm: [-30, -10, 0, 10, 20, 40],
        leafPairsMm: [
          [-50, 50], // y [-30,-10] → clipped to [-15,-10]; x to [-20,30]
          [5, 5], // closed
          [-10, 100], // x → [-10, 30]
          [40, 60], // outside the X jaws
          [-25, 0], // y [20,40] → [20,25]; x [-20, 0]
        ],
      },
    });
    expect(Array.from(rects)).toEqual([-20, 30, -15, -10, -10, 30, 0, 10, -20, 0, 20, 25]);
    expect(apertureAreaMm2(rects)).toBe(50 * 5 + 40 * 10 + 20 * 5);
  });
});
