/* global console */
// Builds dist/report-assets/plotly-<version>.min.js.gz (plotly.js-dist minified by esbuild, gzipped) for the
// self-contained report.html. Run by `npm run build` after tsc, so it imports the compiled module.
import { buildPlotlyAsset, plotlyAssetPath } from '../dist/src/report/plotly-asset.js';

const asset = await buildPlotlyAsset();
console.log(
  `report asset: ${plotlyAssetPath(asset.version)} (${(asset.gzip.length / 1e6).toFixed(2)} MB gzip)`,
);
