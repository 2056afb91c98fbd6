import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type * as Playwright from 'playwright-core';
import { UnsupportedError } from '../core/errors.js';

/**
 * report.pdf for signing and archiving: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * opens report.html from disk with the network disabled, waits until every plot is drawn, and prints it with
 * the report's print stylesheet (A4, a signature block shown).
 */

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Renders `htmlPath` to `pdfPath`. Throws UnsupportedError when Chromium or playwright-core is missing. */
export async function writeReportPdf(
  htmlPath: string,
  pdfPath: string,
  chromiumPath: string = process.env['EQUIDOSE_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH,
): Promise<void> {
  if (!existsSync(chromiumPath))
    throw new UnsupportedError(
      `--pdf needs Chromium at ${chromiumPath} (bash scripts/install-system-deps.sh installs it; EQUIDOSE_CHROMIUM overrides the path)`,
    );
  let playwright: typeof Playwright;
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new UnsupportedError('--pdf needs the playwright-core package (npm ci installs it)');
  }
  const browser = await playwright.chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 }, offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForFunction(() => document.body.getAttribute('data-plots-ready') !== 'false', undefined, {
      timeout: 120_000,
    });
    if ((await page.getAttribute('body', 'data-plots-ready')) !== 'true')
      throw new UnsupportedError('report.pdf: the report plots failed to render in Chromium');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: pdfPath,
      format: 'A4',
      printBackground: true,
      scale: 0.62,
      margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#555">equidose sCT validation report · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    });
  } finally {
    await browser.close();
  }
}
