/**
 * A small static SVG chart for the notebooks: scatter and line series with horizontal reference lines. Static SVG
 * renders in every notebook viewer (JupyterLab, nbviewer, GitHub) without scripts; the interactive Plotly figures
 * are in the cohort.html / report.html files the notebooks write.
 */

export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** 'markers' (default) or 'lines+markers'. */
  readonly mode?: 'markers' | 'lines+markers';
  readonly labels?: readonly string[];
}

export interface RefLine {
  readonly y: number;
  readonly label: string;
  readonly color: string;
}

export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly refLines?: readonly RefLine[];
  /** Category names for integer x positions 0, 1, 2, … (a categorical axis). */
  readonly xCategories?: readonly string[];
}

const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const W = 640;
const HEIGHT = 360;
const MARGIN = { l: 64, r: 150, t: 36, b: 56 };

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= step0) ?? step0;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

function extent(values: readonly number[], pad: number): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const p = (hi - lo || Math.abs(hi) || 1) * pad;
  return [lo - p, hi + p];
}

/** Renders the chart as an SVG string. */
export function svgChart(spec: ChartSpec): string {
  // Many category names are written at 45° under a deeper bottom margin.
  const rotate = (spec.xCategories?.length ?? 0) > 6;
  const M = { ...MARGIN, b: rotate ? 120 : MARGIN.b };
  const H = HEIGHT + (M.b - MARGIN.b);
  const xs = spec.series.flatMap((s) => s.x);
  const ys = [...spec.series.flatMap((s) => s.y), ...(spec.refLines ?? []).map((r) => r.y)];
  const [x0, x1] = spec.xCategories ? [-0.5, spec.xCategories.length - 0.5] : extent(xs, 0.05);
  const [y0, y1] = extent(ys, 0.08);
  const px = (x: number): number => M.l + ((x - x0) / (x1 - x0)) * (W - M.l - M.r);
  const py = (y: number): number => H - M.b - ((y - y0) / (y1 - y0)) * (H - M.t - M.b);
  const parts: string[] = [
    `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="#8c959f"/>`,
    `<text x="${W / 2 - M.r / 2}" y="20" text-anchor="middle" font-weight="600">${esc(spec.title)}</text>`,
    `<text x="${(M.l + W - M.r) / 2}" y="${H - 14}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(16 ${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  ];
  for (const t of ticks(y0, y1))
    parts.push(
      `<line x1="${M.l}" x2="${W - M.r}" y1="${py(t)}" y2="${py(t)}" stroke="#eaeef2"/>`,
      `<text x="${M.l - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`,
    );
  const xTicks = spec.xCategories
    ? spec.xCategories.map((c, n) => [n, c] as const)
    : ticks(x0, x1).map((t) => [t, String(t)] as const);
  for (const [t, label] of xTicks)
    parts.push(
      rotate
        ? `<text transform="translate(${px(t)} ${H - M.b + 12}) rotate(-45)" text-anchor="end">${esc(label)}</text>`
        : `<text x="${px(t)}" y="${H - M.b + 16}" text-anchor="middle">${esc(label)}</text>`,
    );
  // Labels sit inside the plot, just above their line (the right margin is the legend's), pushed apart when
  // lines are close so they never overprint.
  let lastLabelY = -Infinity;
  for (const r of [...(spec.refLines ?? [])].sort((a, b) => b.y - a.y)) {
    const labelY = Math.max(py(r.y) - 4, lastLabelY + 13);
    lastLabelY = labelY;
    parts.push(
      `<line x1="${M.l}" x2="${W - M.r}" y1="${py(r.y)}" y2="${py(r.y)}" stroke="${r.color}" stroke-dasharray="5 4"/>`,
      `<text x="${W - M.r - 4}" y="${labelY}" text-anchor="end" fill="${r.color}">${esc(r.label)}</text>`,
    );
  }
  spec.series.forEach((s, n) => {
    const color = COLORS[n % COLORS.length] as string;
    const pts = s.x.map((x, k) => [px(x), py(s.y[k] as number)] as const);
    if (s.mode === 'lines+markers')
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map((p) => p.join(',')).join(' ')}"/>`,
      );
    pts.forEach(([cx, cy], k) =>
      parts.push(
        `<circle cx="${cx}" cy="${cy}" r="4" fill="${color}"><title>${esc(s.labels?.[k] ?? `${s.name}: ${s.y[k]}`)}</title></circle>`,
      ),
    );
    const ly = M.t + 10 + n * 18;
    parts.push(
      `<circle cx="${W - M.r + 12}" cy="${ly}" r="4" fill="${color}"/>`,
      `<text x="${W - M.r + 22}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">${parts.join('')}</svg>`;
}

/** An HTML table from rows of cells (already formatted strings). */
export function htmlTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}
