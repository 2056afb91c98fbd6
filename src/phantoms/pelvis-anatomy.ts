import { type Vec3, normalize3 as normalise } from '../core/vec3.js';
import {
  type BonePart,
  type SiteAnatomy,
  ellipsoid,
  paintBoneGroup,
  paintShape,
  shapeMask,
  shrinkShape,
  tube,
} from './anatomy.js';
import {
  OUTLINE_ANGLES,
  type OutlineSlice,
  outlineAngle,
  paintRadialBody,
  superellipseRadius,
} from './body-outline.js';
import { type Canvas, overwritable } from './canvas.js';
import type { Prng } from './prng.js';
import { type Ellipsoid, type ZTube, axesRotatedZ, rodBetween } from './shapes.js';
import { Tissue } from './tissues.js';

/**
 * A male pelvis (prostate case), LPS mm. Anatomical origin: the nominal prostate centre, placed 30 mm below the
 * grid centre plus a seeded shift. Sizes follow adult averages (prostate 25–60 cm³, bladder 80–450 cm³, femoral
 * head radius ≈ 24 mm, iliac wings, sacrum, L5) with seeded variation of size, shape, position, bladder filling and
 * rectal gas.
 */
export function buildPelvisAnatomy(canvas: Canvas, rng: Prng): SiteAnatomy {
  const g = clamp(rng.gauss(1, 0.05), 0.9, 1.1);
  const o: Vec3 = [rng.gauss(0, 4), rng.gauss(0, 4), -30 + rng.gauss(0, 6)];
  const at = (x: number, y: number, z: number): Vec3 => [o[0] + x, o[1] + y, o[2] + z];
  paintBody(canvas, rng, g, o);

  const organs = paintOrgans(canvas, rng, at);
  const femurs = paintBones(canvas, rng, g, at);
  return {
    tissue: canvas,
    huVariation: {
      fatOffsetHu: rng.gauss(0, 8),
      trabecularScale: clamp(rng.gauss(1, 0.15), 0.7, 1.35),
      corticalScale: clamp(rng.gauss(1, 0.08), 0.8, 1.2),
    },
    ctv: { name: 'CTV', type: 'CTV', colorRgb: [255, 128, 0], mask: shapeMask(canvas, [organs.prostate]) },
    organs: [
      { name: 'Bladder', type: 'ORGAN', colorRgb: [255, 255, 0], mask: shapeMask(canvas, [organs.bladder]) },
      { name: 'Rectum', type: 'ORGAN', colorRgb: [139, 69, 19], mask: shapeMask(canvas, [organs.rectum]) },
      { name: 'FemoralHead_L', type: 'ORGAN', colorRgb: [0, 200, 255], mask: shapeMask(canvas, femurs.left) },
      {
        name: 'FemoralHead_R',
        type: 'ORGAN',
        colorRgb: [0, 120, 255],
        mask: shapeMask(canvas, femurs.right),
      },
    ],
    extraAirPocket: organs.extraAirPocket,
    outerTissue: Tissue.FAT,
    pocketFillTissue: Tissue.RECTAL_CONTENT,
  };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Skin and subcutaneous fat: a superellipse with seeded harmonics, fat thicker anteriorly. */
function paintBody(canvas: Canvas, rng: Prng, g: number, o: Vec3): void {
  const halfWidth = Math.min(188, 168 * g * clamp(rng.gauss(1, 0.05), 0.88, 1.12));
  const halfAnt = Math.min(140, 105 * g * clamp(rng.gauss(1, 0.07), 0.85, 1.15));
  const halfPost = Math.min(140, 112 * g * clamp(rng.gauss(1, 0.06), 0.85, 1.15));
  const n = rng.range(2.2, 2.8);
  const harmonics = [2, 3, 4, 5].map((h) => ({
    h,
    amp: rng.range(0, 0.025),
    phase: rng.range(0, 2 * Math.PI),
  }));
  const fatAnt = rng.range(15, 45);
  const fatLat = rng.range(10, 30);
  const fatPost = rng.range(10, 30);
  const taper = rng.range(-0.06, 0.02);
  const sliceAt = (zMm: number): OutlineSlice => {
    const zn = (zMm - o[2]) / 125;
    const wz = 1 + taper * zn;
    const outer = new Float64Array(OUTLINE_ANGLES);
    const inner = new Float64Array(OUTLINE_ANGLES);
    for (let a = 0; a < OUTLINE_ANGLES; a++) {
      const th = outlineAngle(a);
      const s = Math.sin(th);
      let r = superellipseRadius(th, halfWidth * wz, s < 0 ? halfAnt : halfPost, n);
      for (const q of harmonics) r *= 1 + q.amp * Math.cos(q.h * th + q.phase);
      const fat = fatLat + (s < 0 ? fatAnt - fatLat : fatPost - fatLat) * s * s;
      outer[a] = r;
      inner[a] = Math.max(0, r - fat);
    }
    return { cxMm: o[0], cyMm: o[1], outerMm: outer, innerMm: inner };
  };
  paintRadialBody(canvas, sliceAt, Tissue.FAT, Tissue.MUSCLE);
}

const SOFT = overwritable([Tissue.FAT, Tissue.MUSCLE]);

interface PelvisOrgans {
  prostate: ReturnType<typeof ellipsoid>;
  bladder: ReturnType<typeof ellipsoid>;
  rectum: ReturnType<typeof tube>;
  extraAirPocket: Ellipsoid;
}

/** Prostate, bladder (wall + urine) and rectum (wall + content + gas pockets). */
function paintOrgans(canvas: Canvas, rng: Prng, at: (x: number, y: number, z: number) => Vec3): PelvisOrgans {
  const rp = Math.cbrt((3 * rng.range(25, 60) * 1000) / (4 * Math.PI));
  const prostateE: Ellipsoid = {
    centreMm: at(rng.gauss(0, 2), -15 + rng.gauss(0, 3), 0),
    radiiMm: [1.2 * rp, 0.85 * rp, 0.98 * rp],
  };
  const prostate = ellipsoid(prostateE);
  paintShape(canvas, prostate, Tissue.PROSTATE, SOFT);

  const rb = Math.cbrt((3 * rng.range(80, 450) * 1000) / (4 * Math.PI));
  const bladderRadii: Vec3 = [1.25 * rb, 0.9 * rb, 0.89 * rb];
  const bladder = ellipsoid({
    centreMm: at(rng.gauss(0, 4), -22 + rng.gauss(0, 4), prostateE.radiiMm[2] + 0.8 * bladderRadii[2]),
    radiiMm: bladderRadii,
  });
  paintShape(canvas, bladder, Tissue.MUSCLE, SOFT);
  paintShape(canvas, shrinkShape(bladder, 3), Tissue.URINE, overwritable([Tissue.MUSCLE]));

  const rr = rng.range(14, 21);
  const yBehindProstate = prostateE.centreMm[1] + prostateE.radiiMm[1] + rr + 1;
  const knot = (z: number, x: number, y: number, r: number) => {
    const c = at(x, 0, z);
    return { zMm: c[2], cxMm: c[0], cyMm: y, rxMm: r, ryMm: r * 0.9 };
  };
  const rectumTube: ZTube = {
    knots: [
      knot(-80, 0, yBehindProstate + 8, 9),
      knot(-40, 0, yBehindProstate + 4, 0.8 * rr),
      knot(0, 0, yBehindProstate, rr),
      knot(35, rng.gauss(0, 3), yBehindProstate + 16, rr),
      knot(70, 5 + rng.gauss(0, 4), yBehindProstate + 30, 0.9 * rr),
      knot(100, 15 + rng.gauss(0, 5), yBehindProstate + 26, 0.8 * rr),
    ],
  };
  const rectum = tube(rectumTube);
  paintShape(canvas, rectum, Tissue.MUSCLE, SOFT);
  paintShape(canvas, shrinkShape(rectum, 3), Tissue.RECTAL_CONTENT, overwritable([Tissue.MUSCLE]));

  const pocketZs: number[] = [];
  const count = rng.int(1, 3);
  for (let p = 0; p < count; p++) {
    const z = rng.range(-25, 85);
    pocketZs.push(z);
    const c = tubeCentre(rectumTube, at(0, 0, z)[2]);
    const rg = rng.range(4, 0.75 * (c.r - 3));
    paintShape(
      canvas,
      ellipsoid({
        centreMm: [c.x + rng.gauss(0, 2), c.y + rng.gauss(0, 2), c.z],
        radiiMm: [rg, rg * 0.9, rg * 1.5],
      }),
      Tissue.GAS,
      overwritable([Tissue.RECTAL_CONTENT]),
    );
  }
  // The extra pocket goes where the CT has no gas: the candidate level farthest from every existing pocket.
  let bestZ = 0;
  let bestGap = -1;
  for (let z = -10; z <= 30; z += 5) {
    const gap = Math.min(...pocketZs.map((q) => Math.abs(q - z)));
    if (gap > bestGap) {
      bestGap = gap;
      bestZ = z;
    }
  }
  const c = tubeCentre(rectumTube, at(0, 0, bestZ)[2]);
  const re = 0.7 * (c.r - 3);
  return {
    prostate,
    bladder,
    rectum,
    extraAirPocket: { centreMm: [c.x, c.y, c.z], radiiMm: [re, re * 0.9, re * 1.4] },
  };
}

/** Centre and x-radius of a tube at height z (linear between knots). */
function tubeCentre(t: ZTube, z: number): { x: number; y: number; z: number; r: number } {
  const ks = t.knots;
  for (let n = 0; n < ks.length - 1; n++) {
    const a = ks[n];
    const b = ks[n + 1];
    if (a && b && z >= a.zMm && z <= b.zMm) {
      const f = (z - a.zMm) / (b.zMm - a.zMm);
      return {
        x: a.cxMm + f * (b.cxMm - a.cxMm),
        y: a.cyMm + f * (b.cyMm - a.cyMm),
        z,
        r: a.rxMm + f * (b.rxMm - a.rxMm),
      };
    }
  }
  const k = ks[0] as (typeof ks)[number];
  return { x: k.cxMm, y: k.cyMm, z, r: k.rxMm };
}

/** Pelvic girdle (ilium, acetabulum, pubis, ischium, sacrum, coccyx, L5) and both proximal femurs. */
function paintBones(
  canvas: Canvas,
  rng: Prng,
  g: number,
  at: (x: number, y: number, z: number) => Vec3,
): { left: ReturnType<typeof ellipsoid>[]; right: ReturnType<typeof ellipsoid>[] } {
  const j = (): number => rng.gauss(0, 2);
  const fx = 92 * g + rng.gauss(0, 3);
  const fy = -5 + rng.gauss(0, 3);
  const fz = 22 + rng.gauss(0, 4);
  const rHead = 24 * g + rng.gauss(0, 1.2);
  const pelvis: BonePart[] = [];
  const femurL: ReturnType<typeof ellipsoid>[] = [];
  const femurR: ReturnType<typeof ellipsoid>[] = [];
  const femurParts: BonePart[] = [];
  const cortex = 2.5;
  for (const s of [1, -1]) {
    const wingAngle = (Math.atan2(105, -85 * s) * 180) / Math.PI;
    pelvis.push(
      part(
        ellipsoid({
          centreMm: at(s * (82 * g + j()), 12 + j(), 100 * g),
          radiiMm: [64 * g, 8, 48 * g],
          axes: axesRotatedZ(wingAngle, s * 12),
        }),
        cortex,
      ),
      part(ellipsoid({ centreMm: at(s * (76 * g), 10, 55 * g), radiiMm: [22, 30, 38] }), cortex),
      part(
        ellipsoid({ centreMm: at(s * (fx - 10), fy, fz + 5), radiiMm: [rHead + 8, rHead + 8, rHead + 10] }),
        cortex,
      ),
      part(rodBetween(at(s * 10, -55 * g, 15), at(s * (fx - 15), fy - 5, fz), 9), cortex),
      part(rodBetween(at(s * 12, -50 * g, -15), at(s * 55 * g, 30, -35), 8), cortex),
      part(rodBetween(at(s * (fx - 12), fy + 10, fz - 10), at(s * 55 * g, 32, -35), 13), cortex),
      part(ellipsoid({ centreMm: at(s * 9, -58 * g, 3), radiiMm: [7, 10, 20] }), cortex),
    );
    const head = ellipsoid({ centreMm: at(s * fx, fy, fz), radiiMm: [rHead, rHead, rHead] });
    const troch: Vec3 = at(s * (fx + 38), fy + 6, fz - 26);
    const neck = ellipsoid(rodBetween(at(s * fx, fy, fz), troch, 14 * g));
    (s > 0 ? femurL : femurR).push(head, neck);
    femurParts.push(
      part(head, cortex),
      part(neck, cortex),
      part(ellipsoid({ centreMm: troch, radiiMm: [16, 20, 24] }), cortex),
      part(
        tube({
          knots: [
            { zMm: troch[2] - 5, cxMm: troch[0] - s * 8, cyMm: troch[1], rxMm: 16, ryMm: 16 },
            {
              zMm: at(0, 0, -110)[2],
              cxMm: at(s * (fx + 18), 0, 0)[0],
              cyMm: troch[1] + 6,
              rxMm: 14,
              ryMm: 14,
            },
          ],
        }),
        5,
      ),
    );
  }
  const tilt = normalise([0, 0.42, -0.91]);
  const sacrumAxes = (w: Vec3): readonly [Vec3, Vec3, Vec3] => [[1, 0, 0], [0, w[2], -w[1]], w];
  pelvis.push(
    part(
      ellipsoid({ centreMm: at(0, 52 + j(), 98 * g), radiiMm: [50 * g, 20, 38], axes: sacrumAxes(tilt) }),
      cortex,
    ),
    part(
      ellipsoid({
        centreMm: at(0, 76 + j(), 38 * g),
        radiiMm: [28, 13, 34],
        axes: sacrumAxes(normalise([0, 0.3, -0.95])),
      }),
      cortex,
    ),
    part(
      ellipsoid({
        centreMm: at(0, 80, -8),
        radiiMm: [9, 7, 16],
        axes: sacrumAxes(normalise([0, -0.3, -0.95])),
      }),
      cortex,
    ),
    part(
      tube({
        knots: [
          { zMm: at(0, 0, 138)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 28, 0)[1], rxMm: 26, ryMm: 20 },
          { zMm: at(0, 0, 170)[2], cxMm: at(0, 0, 0)[0], cyMm: at(0, 24, 0)[1], rxMm: 27, ryMm: 21 },
        ],
        power: 2,
      }),
      cortex,
    ),
    part(ellipsoid(rodBetween(at(0, 50, 150), at(0, 88, 140), 6)), cortex),
    part(ellipsoid(rodBetween(at(-14, 42, 150), at(14, 42, 150), 6)), cortex),
  );
  paintBoneGroup(canvas, pelvis);
  // Joint space (cartilage, soft-tissue density) between acetabulum and femoral head.
  for (const s of [1, -1]) {
    paintShape(
      canvas,
      ellipsoid({ centreMm: at(s * fx, fy, fz), radiiMm: [rHead + 2, rHead + 2, rHead + 2] }),
      Tissue.MUSCLE,
      overwritable([Tissue.CORTICAL_BONE, Tissue.TRABECULAR_BONE]),
    );
  }
  paintBoneGroup(canvas, femurParts, true);
  return { left: femurL, right: femurR };
}

const part = (shape: BonePart['shape'] | Ellipsoid, corticalMm: number): BonePart => ({
  shape: 'kind' in shape ? shape : ellipsoid(shape),
  corticalMm,
});
