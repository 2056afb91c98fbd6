import type { OrthogonalSlices, SliceStack } from '../slices.js';
import { BASE_LAYOUT, type PlotlyFigure, type PlotlyTrace } from './plotly-types.js';

/**
 * Orthogonal slice views of one image (CT, sCT, HU difference, a dose, the dose difference or a gamma map):
 * axial, coronal and sagittal panels side by side, each with its own slider through the sampled planes
 * (a Plotly `restyle` of that panel's z). Optional isodose lines (a contour trace per panel, moved by the same
 * slider) need slices on the same geometry as the image.
 */

export interface SliceFigureStyle {
  readonly id: string;
  readonly title: string;
  /** Colour bar title, with the unit, e.g. "HU" or "Gy". */
  readonly unitLabel: string;
  /** Plotly colourscale name or [[fraction, colour], …]. */
  readonly colorscale: string | readonly (readonly [number, string])[];
  /** Display window: fixed across planes so slices compare. */
  readonly zMin: number;
  readonly zMax: number;
}

export interface IsodoseOverlay {
  /** The reference dose sampled exactly as the image (same stacks, planes and blocks). */
  readonly slices: OrthogonalSlices;
  /** Evenly spaced isodose levels, Gy. */
  readonly startGy: number;
  readonly endGy: number;
  readonly stepGy: number;
}

const PANEL_DOMAINS: readonly (readonly [number, number])[] = [
  [0, 0.3],
  [0.35, 0.65],
  [0.7, 1],
];

const axisSuffix = (o: number): string => (o === 0 ? '' : String(o + 1));

function heatmapTrace(stack: SliceStack, o: number, unitLabel: string): PlotlyTrace {
  return {
    type: 'heatmap',
    name: stack.orientation,
    x: stack.xMm,
    y: stack.yMm,
    z: stack.slices[stack.defaultIndex],
    coloraxis: 'coloraxis',
    xaxis: `x${axisSuffix(o)}`,
    yaxis: `y${axisSuffix(o)}`,
    hovertemplate: `${stack.xLabel} %{x:.1f} mm, ${stack.yLabel} %{y:.1f} mm: %{z} ${unitLabel}<extra></extra>`,
  };
}

function isodoseTrace(stack: SliceStack, o: number, overlay: IsodoseOverlay): PlotlyTrace {
  return {
    type: 'contour',
    name: 'isodose',
    x: stack.xMm,
    y: stack.yMm,
    z: stack.slices[stack.defaultIndex],
    xaxis: `x${axisSuffix(o)}`,
    yaxis: `y${axisSuffix(o)}`,
    showscale: false,
    hoverinfo: 'skip',
    colorscale: [
      [0, '#111111'],
      [1, '#111111'],
    ],
    contours: {
      coloring: 'lines',
      start: overlay.startGy,
      end: overlay.endGy,
      size: overlay.stepGy,
      showlabels: true,
      labelfont: { size: 9, color: '#111111' },
    },
    line: { width: 1 },
  };
}

function sameGeometry(a: SliceStack, b: SliceStack): boolean {
  return (
    a.positionsMm.length === b.positionsMm.length &&
    a.xMm.length === b.xMm.length &&
    a.yMm.length === b.yMm.length &&
    a.positionsMm.every((p, n) => p === b.positionsMm[n])
  );
}

function slider(
  stack: SliceStack,
  o: number,
  traces: readonly number[],
  iso: SliceStack | undefined,
): object {
  const [x0, x1] = PANEL_DOMAINS[o] as readonly [number, number];
  return {
    active: stack.defaultIndex,
    x: x0,
    len: x1 - x0,
    y: 0,
    yanchor: 'top',
    pad: { t: 30, b: 0 },
    currentvalue: {
      prefix: `${stack.orientation} ${stack.normalLabel} = `,
      suffix: ' mm',
      font: { size: 11 },
    },
    // Tick labels would overlap at this density; the current value shows the position instead.
    font: { size: 8, color: 'rgba(0,0,0,0)' },
    ticklen: 2,
    steps: stack.positionsMm.map((pos, p) => ({
      method: 'restyle',
      label: pos.toFixed(1),
      args: [{ z: iso ? [stack.slices[p], iso.slices[p]] : [stack.slices[p]] }, traces],
    })),
  };
}

function panelAxes(stack: SliceStack, o: number): Record<string, object> {
  const [x0, x1] = PANEL_DOMAINS[o] as readonly [number, number];
  const s = axisSuffix(o);
  return {
    [`xaxis${s}`]: {
      domain: [x0, x1],
      anchor: `y${s}`,
      title: { text: `${stack.xLabel} (mm)` },
      constrain: 'domain',
      showgrid: false,
      zeroline: false,
    },
    [`yaxis${s}`]: {
      anchor: `x${s}`,
      // Axial: anterior (small P) at the top, the radiological convention.
      autorange: stack.orientation === 'axial' ? 'reversed' : true,
      scaleanchor: `x${s}`,
      constrain: 'domain',
      title: { text: `${stack.yLabel} (mm)` },
      showgrid: false,
      zeroline: false,
    },
  };
}

/** The three-panel slice figure for one image. Throws when the isodose slices do not match the image's. */
export function makeSliceFigure(
  slices: OrthogonalSlices,
  style: SliceFigureStyle,
  isodose?: IsodoseOverlay,
): PlotlyFigure {
  const data: PlotlyTrace[] = slices.map((stack, o) => heatmapTrace(stack, o, style.unitLabel));
  if (isodose) {
    slices.forEach((stack, o) => {
      const iso = isodose.slices[o] as SliceStack;
      if (!sameGeometry(stack, iso))
        throw new Error(`isodose slices do not match the ${stack.orientation} image planes of ${style.id}`);
      data.push(isodoseTrace(iso, o, isodose));
    });
  }
  const sliders = slices.map((stack, o) =>
    slider(stack, o, isodose ? [o, o + 3] : [o], isodose ? isodose.slices[o] : undefined),
  );
  return {
    id: style.id,
    title: style.title,
    data,
    layout: {
      ...BASE_LAYOUT,
      height: 440,
      margin: { l: 55, r: 20, t: 30, b: 110 },
      showlegend: false,
      coloraxis: {
        colorscale: style.colorscale,
        cmin: style.zMin,
        cmax: style.zMax,
        colorbar: { title: { text: style.unitLabel }, len: 0.8, thickness: 12 },
      },
      ...Object.assign({}, ...slices.map((stack, o) => panelAxes(stack, o))),
      sliders,
    },
  };
}
