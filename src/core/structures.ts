import type { Vec3 } from './vec3.js';

/**
 * Structures as RTSTRUCT stores them: closed planar polygons in patient LPS (mm).
 * Shared by src/dicom (reads/writes them), src/phantoms (generates them) and src/compare/dvh (rasterises them).
 */

/** One closed planar polygon; the closing edge (last → first point) is implicit. */
export interface PlanarContour {
  /** Vertices in patient LPS mm: x0, y0, z0, x1, y1, z1, … (length = 3 × vertex count). */
  readonly pointsLpsMm: Float64Array;
}

/** RT ROI Interpreted Type (DICOM 3006,00A4) values we distinguish; anything else is kept as a string. */
export type RoiType =
  'EXTERNAL' | 'PTV' | 'CTV' | 'GTV' | 'ORGAN' | 'AVOIDANCE' | 'BOLUS' | 'SUPPORT' | 'MARKER' | string;

export interface Structure {
  /** ROI Number (3006,0022); unique within a structure set. For label maps: the label value. */
  readonly roiNumber: number;
  readonly name: string;
  readonly type: RoiType;
  /** Display colour, 0–255 per channel. */
  readonly colorRgb?: Vec3;
  /** Closed planar contours; empty for structures known only as masks. */
  readonly contours: readonly PlanarContour[];
}

export interface StructureSet {
  /** The frame of reference the contours are in ('' when unknown, e.g. label maps from NIfTI). */
  readonly frameOfReferenceUid: string;
  readonly structures: readonly Structure[];
  /** Non-fatal issues met while reading (e.g. OPEN_PLANAR contours ignored); shown in reports. */
  readonly warnings: readonly string[];
}

/** Number of vertices of a contour. */
export const contourVertexCount = (c: PlanarContour): number => c.pointsLpsMm.length / 3;

/** True for target volumes by RT ROI Interpreted Type. */
export const isTargetType = (type: RoiType): boolean => type === 'PTV' || type === 'CTV' || type === 'GTV';
