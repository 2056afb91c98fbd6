import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as Esbuild from 'esbuild';
import { UnsupportedError } from '../core/errors.js';
import { findPackageRoot } from '../cli/package-info.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/**
 * plotly.js for the offline report: the plotly.js-dist bundle minified with esbuild and gzip-compressed, built
 * once into dist/report-assets/ by `npm run build` (scripts/build-report-assets.mjs). The report inlines it as
 * base64 and inflates it in the page with the standard DecompressionStream, which keeps report.html under its
 * 5 MB budget (minified plotly alone is ~4.8 MB; gzipped ~1.5 MB).
 */

export interface PlotlyAsset {
  readonly version: string;
  /** gzip of the minified bundle. */
  readonly gzip: Uint8Array;
}

const require = createRequire(import.meta.url);

function plotlyDistVersion(): { version: string; bundlePath: string } {
  let pkgPath: string;
  try {
    pkgPath = require.resolve('plotly.js-dist/package.json');
  } catch {
    throw new UnsupportedError(
      'plotly.js-dist is not installed and no prebuilt report asset was found: run `npm ci` then `npm run build`',
    );
  }
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  return { version: pkg.version, bundlePath: join(pkgPath, '..', 'plotly.js') };
}

/** Where the built asset lives: dist/report-assets/plotly-<version>.min.js.gz under the package root. */
export function plotlyAssetPath(version: string): string {
  return join(findPackageRoot(), 'dist', 'report-assets', `plotly-${version}.min.js.gz`);
}

/** Minifies plotly.js-dist with esbuild (a devDependency: only present in a development checkout) and gzips it. */
export async function buildPlotlyAsset(): Promise<PlotlyAsset> {
  const { version, bundlePath } = plotlyDistVersion();
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new UnsupportedError('esbuild is needed to build the report asset (npm ci installs it)');
  }
  const source = readFileSync(bundlePath, 'utf8');
  const result = await esbuild.transform(source, { minify: true, legalComments: 'eof', target: 'es2020' });
  const gzip = gzipSync(Buffer.from(result.code, 'utf8'), { level: 9 });
  writeFileAtomic(plotlyAssetPath(version), gzip);
  return { version, gzip: new Uint8Array(gzip) };
}

/** Loads the prebuilt asset; builds it first when absent (development checkouts before `npm run build`). */
export async function loadPlotlyAsset(): Promise<PlotlyAsset> {
  const { version } = plotlyDistVersionOrPrebuilt();
  const path = plotlyAssetPath(version);
  if (existsSync(path)) return { version, gzip: new Uint8Array(readFileSync(path)) };
  return buildPlotlyAsset();
}

/** The installed plotly.js-dist version, or the version of a prebuilt asset when the package is absent. */
function plotlyDistVersionOrPrebuilt(): { version: string } {
  try {
    return { version: plotlyDistVersion().version };
  } catch (error) {
    const dir = join(findPackageRoot(), 'dist', 'report-assets');
    const prebuilt = existsSync(dir) ? findPrebuilt(dir) : undefined;
    if (prebuilt) return { version: prebuilt };
    throw error;
  }
}

function findPrebuilt(dir: string): string | undefined {
  return readdirSync(dir)
    .map((f) => /^plotly-(.+)\.min\.js\.gz$/.exec(f)?.[1])
    .find((v) => v !== undefined);
}
