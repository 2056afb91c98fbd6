import type { DvhCurvePair } from '../validation-report.js';
import { BASE_LAYOUT, type PlotlyFigure, type PlotlyTrace, roiColor } from './plotly-types.js';

/**
 * DVH overlay: per ROI, CT solid and sCT dashed in the ROI's colour. Both traces of an ROI share a legend group,
 * so one click on the legend toggles the pair.
 */
export function makeDvhFigure(curves: readonly DvhCurvePair[], prescriptionGy: number): PlotlyFigure {
  const data: PlotlyTrace[] = curves.flatMap((c, n): PlotlyTrace[] => {
    const color = roiColor(n, c.colorRgb);
    const common = {
      type: 'scatter',
      mode: 'lines',
      legendgroup: c.name,
      hovertemplate: '%{x:.2f} Gy, %{y:.1f} %',
    };
    return [
      {
        ...common,
        type: 'scatter',
        name: `${c.name} CT`,
        x: c.ct.doseGy,
        y: c.ct.volumePercent,
        line: { color, width: 2 },
      },
      {
        ...common,
        type: 'scatter',
        name: `${c.name} sCT`,
        x: c.sct.doseGy,
        y: c.sct.volumePercent,
        line: { color, width: 2, dash: 'dash' },
      },
    ];
  });
  return {
    id: 'fig-dvh',
    title: 'Dose–volume histograms (CT solid, sCT dashed)',
    data,
    layout: {
      ...BASE_LAYOUT,
      height: 460,
      xaxis: { title: { text: 'Dose (Gy)' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'Volume (%)' }, range: [0, 102] },
      legend: { groupclick: 'togglegroup' },
      shapes: [
        {
          type: 'line',
          x0: prescriptionGy,
          x1: prescriptionGy,
          y0: 0,
          y1: 1,
          yref: 'paper',
          line: { color: '#888', dash: 'dot', width: 1 },
        },
      ],
      annotations: [
        { x: prescriptionGy, y: 1, yref: 'paper', text: 'prescription', showarrow: false, yanchor: 'bottom' },
      ],
    },
  };
}
