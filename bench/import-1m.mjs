#!/usr/bin/env node
// The import benchmark: a generated 1M-row, ~100 MB amoCRM-style CSV imported through the file
// input of the built site in headless Chromium. Measures time to the mapping screen (read + scan
// in the ingest worker), time to the report (load into DuckDB), and the longest main-thread stall
// while it runs (a 16 ms ticker on the page). Then what a reload costs: the snapshot of the built
// tables written after the report (time, size, stall), a reload restored from it, and a reload
// with the snapshot removed (the original files imported again, as before snapshots); and, for
// comparison, the snapshot gzipped in the page. Usage: npm run build && node bench/import-1m.mjs [rows]
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { launch, openPage, serve } from '../test/e2e/harness.mjs';
import { askPriority, raiseChildren } from './priority.mjs';

const root = new URL('..', import.meta.url).pathname;
const rows = Number(process.argv[2] ?? 1_000_000);
const file = join(root, 'tmp', `import-${rows}.csv`);

async function generate() {
  const out = createWriteStream(file);
  const managers = [
    'Иванова',
    'Петров',
    'Сидоров',
    'Кузнецова',
    'Смирнов',
    'Попова',
    'Лебедев',
    'Новикова',
  ];
  const stages = [
    'Первичный контакт',
    'Переговоры',
    'Принимают решение',
    'Успешно реализовано',
    'Закрыто и не реализовано',
  ];
  const sources = ['Сайт', 'Звонок', 'Реклама', 'Рекомендация', 'Выставка'];
  const p2 = (n) => String(n).padStart(2, '0');
  out.write(
    'ID;Название сделки;Бюджет;Ответственный;Этап сделки;Дата создания;Дата закрытия;Источник;Компания\n',
  );
  let seed = 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const m = 1 + Math.floor(rnd() * 12);
    const d = 1 + Math.floor(rnd() * 28);
    const stage = stages[Math.floor(rnd() * 5)];
    const closed = stage.startsWith('Успешно') || stage.startsWith('Закрыто');
    buf += `${100000 + i};Сделка ${i};${Math.floor(rnd() * 1e6)},${p2(Math.floor(rnd() * 100))};${managers[i % 8]};${stage};${p2(d)}.${p2(m)}.2024 10:00:00;${closed ? `${p2(Math.min(28, d + 5))}.${p2(m)}.2024` : ''};${sources[Math.floor(rnd() * 5)]};ООО Клиент ${Math.floor(rnd() * 20000)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** In the page: the longest gap of a 16 ms ticker, in `window.__stall`. */
function stallTicker() {
  const w = window;
  w.__stall = 0;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    w.__stall = Math.max(w.__stall, now - last - 16);
    last = now;
  }, 16);
}

/** In the page: what gzip (CompressionStream) would make of the snapshot's table files. */
async function gzipSnapshot() {
  const root = await navigator.storage.getDirectory();
  const dir = await (
    await (
      await root.getDirectoryHandle('datasets')
    ).getDirectoryHandle(window.__crmDataset.current.id)
  ).getDirectoryHandle('snapshot');
  const files = [];
  for await (const [name, h] of dir) if (name.endsWith('.arrows')) files.push(await h.getFile());
  const raw = files.reduce((n, f) => n + f.size, 0);
  let t = performance.now();
  const packed = [];
  for (const f of files)
    packed.push(
      await new Response(f.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer(),
    );
  const gzipMs = performance.now() - t;
  t = performance.now();
  for (const p of packed)
    await new Response(
      new Blob([p]).stream().pipeThrough(new DecompressionStream('gzip')),
    ).arrayBuffer();
  const gunzipMs = performance.now() - t;
  const mb = (n) => +(n / 2 ** 20).toFixed(1);
  return {
    rawMB: mb(raw),
    gzipMB: mb(packed.reduce((n, p) => n + p.byteLength, 0)),
    gzipMs: Math.round(gzipMs),
    gunzipMs: Math.round(gunzipMs),
  };
}

/** In the page: a hidden file input for the engine's own reader, picked like the workbench's. */
function addRawInput() {
  const input = document.createElement('input');
  input.type = 'file';
  input.id = 'bench-raw-input';
  input.style.display = 'none';
  document.body.append(input);
}

/**
 * In the page: DuckDB-WASM's own reader on the file picked in the hidden input, on the workbench's
 * engine: the file's bytes read and registered, then `CREATE TABLE … AS SELECT * FROM read_csv`.
 */
async function engineReader() {
  const engine = window.__crmEngine;
  const file = document.getElementById('bench-raw-input').files[0];
  const t0 = performance.now();
  const path = await engine.registerFile('bench-raw.csv', new Uint8Array(await file.arrayBuffer()));
  await engine.exec(`CREATE TABLE bench_raw AS SELECT * FROM read_csv('${path}')`);
  const ms = performance.now() - t0;
  const t = await engine.query('SELECT count(*)::INTEGER AS n FROM bench_raw');
  const rows = t.getChild('n').get(0);
  await engine.exec('DROP TABLE bench_raw');
  await engine.dropFile('bench-raw.csv');
  return { ms: Math.round(ms), rows };
}

/**
 * In the page: every call on the engine timed (`window.__engineCalls`), to see where the import's
 * time goes between the engine and everything around it. `IMPORT_PROFILE=1` prints them.
 */
function traceEngine() {
  const engine = window.__crmEngine;
  window.__engineCalls = [];
  for (const op of ['exec', 'query', 'registerFile', 'dropFile', 'insertArrow']) {
    const f = engine[op].bind(engine);
    engine[op] = async (...args) => {
      const t0 = performance.now();
      try {
        return await f(...args);
      } finally {
        const what = typeof args[0] === 'string' ? args[0].replace(/\s+/g, ' ').slice(0, 140) : '';
        window.__engineCalls.push({
          op,
          what,
          at: Math.round(t0),
          ms: Math.round(performance.now() - t0),
        });
      }
    };
  }
}

/**
 * In the page: the moments between the engine calls (`window.__marks`, `performance.now()`): the
 * file picked (`change`), each message to and from the ingest worker by type (`watchIngestWorker`),
 * the mapping screen's heading and the import report appearing, the Import click, the status dot
 * going idle.
 */
function markMoments() {
  const w = window;
  w.__marks = [];
  const mark = (what) => w.__marks.push({ what, at: performance.now() });
  document.addEventListener('change', () => mark('picked'), true);
  document.addEventListener(
    'click',
    (e) => e.target?.closest?.('button')?.textContent?.trim() === 'Import' && mark('click'),
    true,
  );
  const seen = new Set();
  const watch = () => {
    const found = {
      mapping: [...document.querySelectorAll('h1, h2, h3')].some((h) =>
        /check what each column is/.test(h.textContent ?? ''),
      ),
      report: !!document.querySelector('[data-testid="import-report"]'),
      idle: !document.querySelector('.dot.busy'),
    };
    for (const [k, v] of Object.entries(found)) {
      if (v && !seen.has(k)) mark(k);
      if (v) seen.add(k);
      else seen.delete(k);
    }
  };
  new MutationObserver(watch).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

/**
 * Before any page script (`openPage`'s `init`): the ingest worker's messages to and from the page
 * marked in `window.__marks` (once `markMoments` made it), and when it started
 * (`window.__ingestStarts`): the page may start it before the file is picked.
 */
function watchIngestWorker() {
  const w = window;
  w.__ingestStarts = [];
  const mark = (what) => w.__marks?.push({ what, at: performance.now() });
  const Base = w.Worker;
  w.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      if (args[1]?.name !== 'ingest') return;
      w.__ingestStarts.push(performance.now());
      this.addEventListener('message', (e) => {
        const t = e.data?.type;
        if (t && t !== 'engine' && t !== 'progress') mark(`worker ${t}`);
      });
    }
    postMessage(m, ...rest) {
      if (m?.type === 'inspect' || m?.type === 'import') mark(`page ${m.type}`);
      return super.postMessage(m, ...rest);
    }
  };
}

/**
 * In the page: clicks "Import" the moment the mapping screen shows it (`IMPORT_CLICK=now`), as a
 * user who does not look at the screen would: the import then waits for whatever the worker still
 * does behind the screen, which a click by Playwright (0.2–0.7 s later) partly hides.
 */
function clickImportAtOnce() {
  const find = () =>
    [...document.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Import' && !b.disabled,
    );
  const observer = new MutationObserver(() => {
    const button = find();
    if (!button) return;
    observer.disconnect();
    button.click();
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
}

/** In the page: removes the snapshot, so the next load imports the original files. */
async function dropSnapshot() {
  const root = await navigator.storage.getDirectory();
  const datasets = await root.getDirectoryHandle('datasets');
  const dir = await datasets.getDirectoryHandle(window.__crmDataset.current.id);
  await dir.removeEntry('snapshot', { recursive: true });
}

/**
 * Reloads the page and times it until the report is on screen; checks how the dataset came back.
 * `restoreMs`: from the first restore progress (shown once the engine has started and takes the
 * first stream) until the tables are loaded; `restoreToReportMs`: until the report is on screen.
 */
async function timedReload(page, expect) {
  const t0 = Date.now();
  await page.reload();
  let tRestore = null;
  if (expect === 'snapshot') {
    await page.waitForFunction(() => window.__crmDataset?.progress?.phase === 'restore', null, {
      timeout: 300_000,
      polling: 10,
    });
    tRestore = Date.now();
  }
  await page.waitForFunction(() => window.__crmDataset?.loadedFrom != null, null, {
    timeout: 900_000,
    polling: 10,
  });
  const tLoaded = Date.now();
  await page.waitForSelector('table td', { timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, {
    timeout: 300_000,
  });
  const t1 = Date.now();
  const from = await page.evaluate(() => window.__crmDataset.loadedFrom);
  if (from !== expect) throw new Error(`reload loaded from ${from}, expected ${expect}`);
  const stall = await page.evaluate(() => window.__stall);
  return {
    toReportMs: t1 - t0,
    ...(tRestore ? { restoreMs: tLoaded - tRestore, restoreToReportMs: t1 - tRestore } : {}),
    maxStallMs: Math.round(stall),
  };
}

if (!existsSync(file)) await generate();
const size = statSync(file).size;
console.log(
  `file: ${rows.toLocaleString('en-US')} rows, ${(size / 2 ** 20).toFixed(0)} MB; ${askPriority()}`,
);

const server = await serve(process.env.DIST ?? join(root, 'dist'));
const browser = await launch();
raiseChildren();
try {
  const { page, errors } = await openPage(browser, server.url, { init: watchIngestWorker });
  await page.waitForSelector('table td', { timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, {
    timeout: 120_000,
  });
  await page.evaluate(stallTicker);
  // The engine's own reader first, while the engine is idle (the snapshot is written after the
  // import); the ratio is "file picked → report" over this.
  await page.evaluate(addRawInput);
  await page.locator('#bench-raw-input').setInputFiles(file);
  const reader = await page.evaluate(engineReader);
  if (reader.rows !== rows) throw new Error(`read_csv read ${reader.rows} rows, not ${rows}`);
  await page.evaluate(() => (window.__stall = 0));
  const profile = ['1', 'all'].includes(process.env.IMPORT_PROFILE ?? '');
  if (profile) await page.evaluate(traceEngine);
  // Always: the in-page ratio below is read from these moments.
  await page.evaluate(markMoments);
  const atOnce = process.env.IMPORT_CLICK === 'now';
  if (atOnce) await page.evaluate(clickImportAtOnce);
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles(file);
  // Clicked at once, the screen may be gone before Playwright sees it: its moment is marked.
  if (atOnce)
    await page.waitForFunction(() => window.__marks.some((m) => m.what === 'click'), null, {
      timeout: 600_000,
    });
  else
    await page
      .getByRole('heading', { name: /check what each column is/ })
      .waitFor({ timeout: 600_000 });
  const tMap = Date.now() - t0;
  const stallMap = await page.evaluate(() => window.__stall);
  await page.evaluate(() => (window.__stall = 0));
  const t1 = Date.now();
  if (!atOnce) await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByTestId('import-report').waitFor({ timeout: 900_000 });
  const tImport = Date.now() - t1;
  await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, {
    timeout: 300_000,
  });
  const tReport = Date.now() - t1;
  const stallImport = await page.evaluate(() => window.__stall);
  if (profile) {
    const calls = await page.evaluate(() => window.__engineCalls);
    const engineMs = calls.reduce((n, c) => n + c.ms, 0);
    console.log(`engine calls during the import: ${calls.length}, ${engineMs} ms in all (summed)`);
    // IMPORT_PROFILE=all: every call in the order made, with its SQL's first 150 characters.
    const all = process.env.IMPORT_PROFILE === 'all';
    for (const c of all ? calls : [...calls].sort((a, b) => b.ms - a.ms).slice(0, 15))
      console.log(`  ${String(c.ms).padStart(6)} ms  +${c.at - calls[0].at} ms  ${c.op} ${c.what}`);
    // Where the time outside the engine goes: each moment relative to the file picked, and the
    // stretches before the first engine call and after the last one.
    const marks = await page.evaluate(() => window.__marks);
    const at = (what) => marks.find((m) => m.what === what)?.at;
    const t0p = at('picked');
    // The worker's calls (the import) end with its `imported` message; the report's queries follow.
    const done = at('worker imported');
    const inImport = calls.filter((c) => c.at >= (at('click') ?? 0) && c.at < done);
    const first = inImport[0]?.at;
    const last = Math.max(...inImport.map((c) => c.at + c.ms));
    const afterImport = calls.filter((c) => c.at >= done);
    console.log(
      'moments (ms after the file picked):',
      marks.map((m) => `${m.what} ${Math.round(m.at - t0p)}`).join(', '),
    );
    // Negative: the ingest worker was up before the file came (started at the page's idle).
    const starts = await page.evaluate(() => window.__ingestStarts);
    console.log(
      'ingest worker started (ms after the file picked):',
      starts.map((t) => Math.round(t - t0p)).join(', ') || 'never',
    );
    console.log(
      JSON.stringify({
        clickToFirstEngineCallMs: Math.round(first - at('click')),
        // The import's first statement that creates a table (the read and typing of the file):
        // what the click waits for, early registrations and catalog warm-ups aside.
        clickToReadStatementMs: Math.round(
          (inImport.find((c) => c.op === 'exec' && /^CREATE (OR REPLACE )?TABLE/.test(c.what))
            ?.at ?? NaN) - at('click'),
        ),
        engineMsInImport: inImport.reduce((n, c) => n + c.ms, 0),
        // The worker's own work between its calls (they run one at a time).
        betweenCallsMs: Math.round(last - first - inImport.reduce((n, c) => n + c.ms, 0)),
        lastEngineCallToImportedMs: Math.round(done - last),
        importedToReportMs: Math.round(at('report') - done),
        reportToIdleMs: Math.round(marks.findLast((m) => m.what === 'idle').at - at('report')),
        engineMsAfterImport: afterImport.reduce((n, c) => n + c.ms, 0),
      }),
    );
  }
  // The same path timed inside the page, as the engine's reader is: from the file input's
  // \`change\` (not from Playwright handing the 146 MB to the browser over CDP, which a user's
  // file dialog does not do) to the mapping screen, plus from the Import click to the status
  // going idle after the report (not Playwright's click and polling).
  const marks = await page.evaluate(() => window.__marks);
  const mAt = (what, after = 0) => marks.find((m) => m.what === what && m.at >= after)?.at;
  const mPicked = mAt('picked');
  const mClick = mAt('click');
  const inPage = Math.round(
    mAt('mapping', mPicked) - mPicked + (marks.findLast((m) => m.what === 'idle').at - mClick),
  );
  const report = await page.getByTestId('import-report').innerText();
  console.log(report.split('\n').slice(0, 3).join(' | '));
  console.log(
    JSON.stringify({
      rows,
      mb: Math.round(size / 2 ** 20),
      toMappingMs: tMap,
      importMs: tImport,
      toReportMs: tReport,
      pickedToReportMs: tMap + tReport,
      engineReadCsvMs: reader.ms,
      ratio: +((tMap + tReport) / reader.ms).toFixed(2),
      pickedToReportInPageMs: inPage,
      ratioInPage: +(inPage / reader.ms).toFixed(2),
      maxStallMsMapping: Math.round(stallMap),
      maxStallMsImport: Math.round(stallImport),
    }),
  );

  if (process.env.IMPORT_ONLY === '1') {
    await browser.close();
    await server.close();
    process.exit(0);
  }
  // The snapshot, written in the background once the report is on screen (after the files).
  await page.evaluate(() => (window.__stall = 0));
  const t2 = Date.now();
  await page.waitForFunction(
    () => ['saved', 'full', 'failed'].includes(window.__crmDataset.snapshot.state?.state),
    null,
    { timeout: 600_000 },
  );
  const snapshotMs = Date.now() - t2;
  const kept = await page.evaluate(() => ({
    ...window.__crmDataset.snapshot.state,
    stall: window.__stall,
  }));
  if (kept.state !== 'saved') throw new Error(`snapshot not written: ${JSON.stringify(kept)}`);
  const gz = await page.evaluate(gzipSnapshot);

  await page.addInitScript(stallTicker);
  const restore = await timedReload(page, 'snapshot');
  await page.evaluate(dropSnapshot);
  const reimport = await timedReload(page, 'files');
  console.log(
    JSON.stringify({
      snapshotMs,
      snapshotMB: +(kept.bytes / 2 ** 20).toFixed(1),
      maxStallMsSnapshot: Math.round(kept.stall),
      gzip: gz,
      reloadFromSnapshot: restore,
      reloadByReimport: reimport,
    }),
  );
  if (errors.length) console.log('console errors:', errors.join(' | '));
} finally {
  await browser.close();
  await server.close();
}
