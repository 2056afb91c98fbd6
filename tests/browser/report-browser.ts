import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

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

/**
 * One headless chromium for the enclosing suite: launched before its tests, closed after them. Call it directly
 * inside a `describe` callback; the getter it returns is for use inside the tests.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('chromium is not running: call useChromium() in a describe');
    return browser;
  };
}

/**
 * Asserts a report opened clean: no console error, page error or network request, plots marked ready, and
 * every plot drawn with at least one trace, each trace holding data. How many plots there are is the caller's.
 */
export function expectPlotsDrawn(opened: OpenedReport): void {
  expect(opened.consoleErrors).toEqual([]);
  expect(opened.ready).toBe('true');
  for (const plot of opened.plots) {
    expect(plot.drawn, plot.id).toBe(true);
    expect(plot.traces, plot.id).toBeGreaterThan(0);
    expect(plot.tracesWithData, plot.id).toBe(plot.traces);
  }
}

/**
 * Opens a report from disk (file://, network blocked), waits for every plot, and saves a full-page screenshot as
 * `screenshotName` in SCREENSHOT_DIR.
 */
export async function openReport(
  browser: Browser,
  htmlPath: string,
  screenshotName: string,
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
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, screenshotName), fullPage: true });
  await context.close();
  return { consoleErrors, plots, ready, verdictText };
}
