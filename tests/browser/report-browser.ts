import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (scripts/install-system-deps.sh installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);

/** Screenshots go outside the repository (looked at by a person; not committed). */
export const SCREENSHOT_DIR = join(tmpdir(), 'equidose-screenshots');

export interface PlotCheck {
  readonly id: string;
  readonly traces: number;
  /** Traces with at least one data point (x/y or z arrays non-empty). */
  readonly tracesWithData: number;
  /** Whether Plotly drew an SVG/canvas for it. */
  readonly drawn: boolean;
}

export interface OpenedReport {
  readonly consoleErrors: string[];
  readonly plots: PlotCheck[];
  readonly ready: string | null;
  readonly verdictText: string;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
}

/** Opens a report from disk (file://, network blocked), waits for every plot, screenshots it. */
export async function openReport(
  browser: Browser,
  htmlPath: string,
  screenshotPath: string,
): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  // Any request other than the file itself would be a CDN fetch: record it as an error.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://') || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue();
    consoleErrors.push(`network request attempted: ${url}`);
    return route.abort();
  });
  await page.goto(`file://${htmlPath}`);
  await page.waitForFunction(() => document.body.getAttribute('data-plots-ready') !== 'false', undefined, {
    timeout: 60_000,
  });
  const ready = await page.getAttribute('body', 'data-plots-ready');
  const plots = await page.evaluate(() => {
    type Trace = Record<string, unknown>;
    const hasData = (t: Trace): boolean =>
      ['x', 'y', 'z'].some((k) => {
        const v = t[k];
        return Array.isArray(v) ? v.length > 0 : ArrayBuffer.isView(v) && (v as Uint8Array).length > 0;
      });
    return Array.from(document.querySelectorAll('.plot')).map((el) => {
      const traces = ((el as unknown as { data?: Trace[] }).data ?? []) as Trace[];
      return {
        id: el.id,
        traces: traces.length,
        tracesWithData: traces.filter(hasData).length,
        drawn: el.classList.contains('js-plotly-plot') && el.querySelector('svg.main-svg') !== null,
      };
    });
  });
  const verdictText = (await page.textContent('#verdict')) ?? '';
  await page.screenshot({ path: screenshotPath, fullPage: true });
  await context.close();
  return { consoleErrors, plots, ready, verdictText };
}
