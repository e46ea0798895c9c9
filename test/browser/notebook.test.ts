/// <reference lib="dom" />
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { notebookUrl, startNotebook, stopNotebook } from '../../src/notebook/server';
import { testConfig } from '../helpers';

/**
 * What the README promises a learner: from the URL `lab notebook` prints to a chart drawn in JupyterLab.
 * Debian's Chromium opens notebook 01 through the token URL, runs all cells with the tslab kernel against
 * the test lab, and finds the plotly figure rendered (by the renderer the `plotly` Python package ships).
 */
const cfg = testConfig();
const outDir = path.join(cfg.projectRoot, 'test-output', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;
let page: Page;
let startedJupyter = false;
// JupyterLab autosaves an open notebook (every 2 min): whatever happens, the committed file is put back.
const notebookFile = path.join(cfg.projectRoot, 'notebooks', '01-generating-logs.ipynb');
const committed = fs.readFileSync(notebookFile);

before(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  startedJupyter = (await startNotebook(cfg)).outcome === 'started';
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
});

after(async () => {
  await browser?.close();
  if (startedJupyter) await stopNotebook(cfg);
  if (!fs.readFileSync(notebookFile).equals(committed)) fs.writeFileSync(notebookFile, committed);
});

test('from the printed URL to a rendered plotly chart in a notebook', { timeout: 240_000 }, async () => {
  const url = new URL(notebookUrl(cfg));
  url.pathname = '/lab/tree/01-generating-logs.ipynb';
  await page.goto(url.toString(), { waitUntil: 'load' });
  // The kernel named in the notebook starts by itself; wait until it is idle, then Run → Run All Cells.
  await page.waitForSelector('.jp-Notebook', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('.jp-NotebookPanel-toolbar')?.textContent?.includes('TypeScript'), undefined, { timeout: 60_000 });
  await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
  await page.click('.lm-Menu-itemLabel:text-is("Run All Cells")');
  // The chart cell comes before the exercises, so it draws even while the exercise stubs fail their checks.
  const plot = await page.waitForSelector('.jp-RenderedPlotly.js-plotly-plot .main-svg', { timeout: 180_000 });
  assert.ok(plot);
  await plot.scrollIntoViewIfNeeded();
  const bars = await page.$$eval('.jp-RenderedPlotly.js-plotly-plot .point', (els) => els.length);
  await page.screenshot({ path: path.join(outDir, 'notebook-01-chart.png') });
  assert.ok(bars >= 5, `the bar chart drew ${bars} bars`);
});
