import { type Vec3, normalize3 } from '../core/vec3.js';
import {
  type BonePart,
  shrinkShape,
  type Shape,
  type SiteAnatomy,
  ellipsoid,
  paintBoneGroup,
  paintShape,
  shapeMask,
  tube,
} from './anatomy.js';
import { type Canvas, overwritable } from './canvas.js';
import type { Prng } from './prng.js';
import { type Ellipsoid, axesRotatedZ, rodBetween, shrinkEllipsoid } from './shapes.js';
import { Tissue } from './tissues.js';

/**
 * An adult head and upper neck (brain-tumour case), LPS mm. Anatomical origin: the grid centre plus a seeded
 * shift. Scalp, skull (outer table, diploë, inner table, skull base), CSF, grey and white matter, lateral and third
 * ventricles, brainstem and cord, orbits with eyes and lenses, maxillary/frontal/sphenoid sinuses, nasal cavity,
 * pharynx, mandible, cervical vertebrae; a seeded tumour (CTV) in the brain.
 */
export function buildHeadAnatomy(canvas: Canvas, rng: Prng): SiteAnatomy {
  const g = Math.min(1.08, Math.max(0.92, rng.gauss(1, 0.04)));
  const o: Vec3 = [rng.gauss(0, 3), rng.gauss(0, 4), rng.gauss(0, 4)];
  const at = (x: number, y: number, z: number): Vec3 => [o[0] + x, o[1] + y, o[2] + z];
  const zBase = at(0, 0, -15)[2];
  const cranium: Ellipsoid = {
    centreMm: at(0, 10, 20),
    radiiMm: [76 * g * rng.range(0.96, 1.04), 96 * g * rng.range(0.96, 1.04), 84 * g],
  };
  const scalpMm = rng.range(4, 7);
  paintSoftTissue(canvas, cranium, scalpMm, at, g);
  const brainOuter = paintSkullAndBrain(canvas, cranium, scalpMm, zBase, rng);
  paintFace(canvas, rng, at);
  const eyes = paintOrbits(canvas, rng, at, g);
  const brainstem = tube({
    knots: [
      { zMm: zBase - 10, cxMm: o[0], cyMm: at(0, 22, 0)[1], rxMm: 12, ryMm: 11 },
      { zMm: at(0, 0, 5)[2], cxMm: o[0], cyMm: at(0, 18, 0)[1], rxMm: 14, ryMm: 13 },
    ],
  });
  paintShape(
    canvas,
    brainstem,
    Tissue.WHITE_MATTER,
    overwritable([
      Tissue.GREY_MATTER,
      Tissue.CSF,
      Tissue.CORTICAL_BONE,
      Tissue.TRABECULAR_BONE,
      Tissue.MUSCLE,
    ]),
  );
  const ctvShape = paintTumour(canvas, rng, cranium, scalpMm);

  const brainTissues = overwritable([Tissue.GREY_MATTER, Tissue.WHITE_MATTER, Tissue.TUMOUR, Tissue.CSF]);
  const brainMask = shapeMask(canvas, [ellipsoid({ ...brainOuter, zMinMm: zBase })]);
  for (let n = 0; n < brainMask.length; n++) {
    if (brainTissues[canvas.data[n] as number] !== 1) brainMask[n] = 0;
  }
  return {
    tissue: canvas,
    huVariation: {
      fatOffsetHu: rng.gauss(0, 8),
      trabecularScale: Math.min(1.4, Math.max(0.75, rng.gauss(1.15, 0.12))),
      corticalScale: Math.min(1.25, Math.max(0.85, rng.gauss(1.05, 0.07))),
    },
    ctv: { name: 'CTV', type: 'CTV', colorRgb: [255, 128, 0], mask: shapeMask(canvas, [ctvShape]) },
    organs: [
      { name: 'Brain', type: 'ORGAN', colorRgb: [255, 200, 200], mask: brainMask },
      { name: 'Brainstem', type: 'ORGAN', colorRgb: [0, 200, 0], mask: shapeMask(canvas, [brainstem]) },
      { name: 'Eye_L', type: 'ORGAN', colorRgb: [0, 200, 255], mask: shapeMask(canvas, [eyes.left]) },
      { name: 'Eye_R', type: 'ORGAN', colorRgb: [0, 120, 255], mask: shapeMask(canvas, [eyes.right]) },
    ],
    extraAirPocket: { centreMm: at(0, -42, -60), radiiMm: [14, 12, 7] },
    outerTissue: Tissue.FAT,
    pocketFillTissue: Tissue.MUSCLE,
  };
}

const NOT_AIR = overwritable([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
const SOFT = overwritable([Tissue.FAT, Tissue.MUSCLE]);

/** Scalp over the cranium, face and neck: fat envelopes with muscle cores (union semantics). */
function paintSoftTissue(
  canvas: Canvas,
  cranium: Ellipsoid,
  scalpMm: number,
  at: (x: number, y: number, z: number) => Vec3,
  g: number,
): void {
  const air = overwritable([Tissue.AIR]);
  const face: Ellipsoid = { centreMm: at(0, -42, -45), radiiMm: [58 * g, 52 * g, 50], power: 2 };
  const neck = tube({
    knots: [
      { zMm: at(0, 0, -130)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 22, 0)[1], rxMm: 56 * g, ryMm: 58 * g },
      { zMm: at(0, 0, -30)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 18, 0)[1], rxMm: 60 * g, ryMm: 62 * g },
    ],
  });
  paintShape(canvas, ellipsoid(cranium), Tissue.FAT, air);
  paintShape(canvas, ellipsoid(face), Tissue.FAT, air);
  paintShape(canvas, neck, Tissue.FAT, air);
  const fatOnly = overwritable([Tissue.FAT]);
  paintShape(canvas, ellipsoid(shrinkEllipsoid(cranium, scalpMm)), Tissue.MUSCLE, fatOnly);
  paintShape(canvas, ellipsoid(shrinkEllipsoid(face, 6)), Tissue.MUSCLE, fatOnly);
  paintShape(canvas, shrinkShape(neck, 8), Tissue.MUSCLE, fatOnly);
}

/** Skull (outer table, diploë, inner table, base plate), CSF, grey and white matter, ventricles; returns the brain's outer surface. */
function paintSkullAndBrain(
  canvas: Canvas,
  cranium: Ellipsoid,
  scalpMm: number,
  zBase: number,
  rng: Prng,
): Ellipsoid {
  const skullBottom = zBase - 10;
  const layer = (mm: number, zMin: number): Ellipsoid => ({
    ...shrinkEllipsoid(cranium, scalpMm + mm),
    zMinMm: zMin,
  });
  const outerTable = rng.range(1.8, 2.8);
  const diploe = rng.range(2.5, 4.5);
  const innerTable = rng.range(1.5, 2.2);
  const t1 = outerTable;
  const t2 = t1 + diploe;
  const t3 = t2 + innerTable;
  paintShape(canvas, ellipsoid(layer(0, skullBottom)), Tissue.CORTICAL_BONE, SOFT);
  paintShape(
    canvas,
    ellipsoid(layer(t1, skullBottom + 2)),
    Tissue.TRABECULAR_BONE,
    overwritable([Tissue.CORTICAL_BONE]),
  );
  paintShape(
    canvas,
    ellipsoid(layer(t2, zBase - 2)),
    Tissue.CORTICAL_BONE,
    overwritable([Tissue.TRABECULAR_BONE]),
  );
  const brain = layer(t3 + rng.range(1, 2.5), zBase);
  paintShape(canvas, ellipsoid(layer(t3, zBase)), Tissue.CSF, overwritable([Tissue.CORTICAL_BONE]));
  paintShape(canvas, ellipsoid(brain), Tissue.GREY_MATTER, overwritable([Tissue.CSF]));
  paintShape(
    canvas,
    ellipsoid({ ...shrinkEllipsoid(brain, rng.range(3, 5)), zMinMm: zBase + 3 }),
    Tissue.WHITE_MATTER,
    overwritable([Tissue.GREY_MATTER]),
  );
  const c = brain.centreMm;
  const v = rng.range(0.7, 1.5);
  const brainTissue = overwritable([Tissue.GREY_MATTER, Tissue.WHITE_MATTER]);
  for (const s of [1, -1]) {
    paintShape(
      canvas,
      ellipsoid({
        centreMm: [c[0] + s * 10 * v, c[1] - 5, c[2] + 10],
        radiiMm: [5 * v, 26, 10 * v],
        axes: axesRotatedZ(s * rng.range(4, 10)),
      }),
      Tissue.CSF,
      brainTissue,
    );
  }
  paintShape(
    canvas,
    ellipsoid({ centreMm: [c[0], c[1] - 2, c[2] - 8], radiiMm: [2.5 * v, 10, 7] }),
    Tissue.CSF,
    brainTissue,
  );
  return brain;
}

/** Sinuses, nasal cavity, pharynx, mandible and cervical vertebrae. */
function paintFace(canvas: Canvas, rng: Prng, at: (x: number, y: number, z: number) => Vec3): void {
  const gas = (e: Ellipsoid | Shape, allowed = NOT_AIR): void =>
    paintShape(canvas, 'kind' in e ? e : ellipsoid(e), Tissue.GAS, allowed);
  const ms = rng.range(0.75, 1.1);
  for (const s of [1, -1]) {
    const m: Ellipsoid = { centreMm: at(s * 24, -50, -32), radiiMm: [16 * ms, 19 * ms, 17 * ms] };
    paintShape(
      canvas,
      ellipsoid({ ...m, radiiMm: [m.radiiMm[0] + 2.5, m.radiiMm[1] + 2.5, m.radiiMm[2] + 2.5] }),
      Tissue.CORTICAL_BONE,
      SOFT,
    );
    gas(m);
  }
  gas({ centreMm: at(0, -60, -24), radiiMm: [8, 24, 17], power: 2 });
  if (rng.uniform() < 0.85) {
    gas(
      { centreMm: at(0, -74, 24), radiiMm: [rng.range(8, 16), 5, rng.range(6, 11)] },
      overwritable([Tissue.TRABECULAR_BONE, Tissue.CORTICAL_BONE]),
    );
  }
  gas({ centreMm: at(0, -22, -24), radiiMm: [rng.range(8, 12), 9, 8] });
  gas(
    tube({
      knots: [
        { zMm: at(0, 0, -130)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, -8, 0)[1], rxMm: 10, ryMm: 8 },
        { zMm: at(0, 0, -45)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, -14, 0)[1], rxMm: 12, ryMm: 9 },
        { zMm: at(0, 0, -30)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, -34, 0)[1], rxMm: 8, ryMm: 10 },
      ],
    }),
    SOFT,
  );
  const mandible: BonePart = {
    shape: tube({
      knots: [
        { zMm: at(0, 0, -96)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, -18, 0)[1], rxMm: 44, ryMm: 58 },
        { zMm: at(0, 0, -66)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, -16, 0)[1], rxMm: 48, ryMm: 60 },
      ],
      yMaxMm: at(0, 8, 0)[1],
    }),
    corticalMm: 3,
  };
  paintBoneGroup(canvas, [mandible]);
  // Floor of the mouth and tongue inside the mandibular arch (the arch's y clip does not matter here).
  paintShape(
    canvas,
    shrinkShape(mandible.shape, 10),
    Tissue.MUSCLE,
    overwritable([Tissue.CORTICAL_BONE, Tissue.TRABECULAR_BONE]),
  );
  const vertebrae: BonePart[] = [];
  for (let z = -128; z <= -40; z += 17) {
    vertebrae.push(
      {
        shape: tube({
          knots: [
            { zMm: at(0, 0, z)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 8, 0)[1], rxMm: 12, ryMm: 9 },
            { zMm: at(0, 0, z + 13)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 8, 0)[1], rxMm: 12, ryMm: 9 },
          ],
          power: 2,
        }),
        corticalMm: 2,
      },
      { shape: ellipsoid(rodBetween(at(-13, 22, z + 7), at(0, 42, z + 5), 4)), corticalMm: 1.5 },
      { shape: ellipsoid(rodBetween(at(13, 22, z + 7), at(0, 42, z + 5), 4)), corticalMm: 1.5 },
    );
  }
  paintBoneGroup(canvas, vertebrae);
  paintShape(
    canvas,
    tube({
      knots: [
        { zMm: at(0, 0, -130)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 28, 0)[1], rxMm: 6, ryMm: 5 },
        { zMm: at(0, 0, -25)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 26, 0)[1], rxMm: 7, ryMm: 6 },
      ],
    }),
    Tissue.WHITE_MATTER,
    overwritable([Tissue.MUSCLE, Tissue.FAT, Tissue.CORTICAL_BONE, Tissue.TRABECULAR_BONE]),
  );
}

/** Bony orbits with orbital fat, eyes (vitreous) and lenses; returns the eye shapes (L = +x). */
function paintOrbits(
  canvas: Canvas,
  rng: Prng,
  at: (x: number, y: number, z: number) => Vec3,
  g: number,
): { left: Shape; right: Shape } {
  const eyes: Shape[] = [];
  const ex = 31 * g + rng.gauss(0, 1.5);
  const ey = -58 * g;
  const ez = rng.gauss(2, 2);
  const rEye = rng.range(11, 12.5);
  for (const s of [1, -1]) {
    const orbit: Ellipsoid = { centreMm: at(s * ex, ey + 8, ez), radiiMm: [18, 18, 17] };
    paintShape(canvas, ellipsoid(orbit), Tissue.CORTICAL_BONE, NOT_AIR);
    paintShape(canvas, ellipsoid(shrinkEllipsoid(orbit, 2)), Tissue.FAT, NOT_AIR);
    const eye = ellipsoid({ centreMm: at(s * ex, ey, ez), radiiMm: [rEye, rEye, rEye] });
    paintShape(canvas, eye, Tissue.VITREOUS, NOT_AIR);
    paintShape(
      canvas,
      ellipsoid({ centreMm: at(s * ex, ey - rEye + 3, ez), radiiMm: [4.5, 2, 4.5] }),
      Tissue.LENS,
      overwritable([Tissue.VITREOUS]),
    );
    eyes.push(eye);
  }
  return { left: eyes[0] as Shape, right: eyes[1] as Shape };
}

/** A superellipsoidal tumour fully inside grey/white matter, at a seeded position; paints it and returns its shape. */
function paintTumour(canvas: Canvas, rng: Prng, cranium: Ellipsoid, scalpMm: number): Shape {
  const brainCore = shrinkEllipsoid(cranium, scalpMm + 14);
  const inBrain = (p: Vec3): boolean => {
    const [nx, ny] = canvas.size;
    const idx = p.map((v, d) =>
      Math.round((v - (canvas.originLpsMm[d] as number)) / (canvas.spacingMm[d] as number)),
    );
    if (idx.some((v, d) => v < 0 || v >= (canvas.size[d] as number))) return false;
    const t = canvas.data[(idx[0] as number) + nx * ((idx[1] as number) + ny * (idx[2] as number))];
    return t === Tissue.GREY_MATTER || t === Tissue.WHITE_MATTER;
  };
  let best: Ellipsoid | undefined;
  for (let attempt = 0; attempt < 60 && !best; attempt++) {
    const r = rng.range(10, 20) * (attempt < 40 ? 1 : 0.6);
    const dir = normalize3([rng.range(-1, 1), rng.range(-1, 1), rng.range(-0.3, 1)]);
    const f = rng.range(0, 0.6);
    const c: Vec3 = [0, 1, 2].map(
      (d) => (brainCore.centreMm[d] as number) + (dir[d] as number) * f * (brainCore.radiiMm[d] as number),
    ) as unknown as Vec3;
    const probes: Vec3[] = [
      c,
      [c[0] + r, c[1], c[2]],
      [c[0] - r, c[1], c[2]],
      [c[0], c[1] + r, c[2]],
      [c[0], c[1] - r, c[2]],
      [c[0], c[1], c[2] + r],
      [c[0], c[1], c[2] - r],
    ];
    if (probes.every(inBrain))
      best = {
        centreMm: c,
        radiiMm: [r * rng.range(0.85, 1.15), r * rng.range(0.85, 1.15), r],
        axes: axesRotatedZ(rng.range(0, 180)),
        power: rng.uniform() < 0.5 ? 1 : 2,
      };
  }
  const tumour = ellipsoid(best ?? { centreMm: brainCore.centreMm, radiiMm: [10, 10, 10] });
  paintShape(
    canvas,
    tumour,
    Tissue.TUMOUR,
    overwritable([Tissue.GREY_MATTER, Tissue.WHITE_MATTER, Tissue.CSF]),
  );
  return tumour;
}
