// A consultant's bundle: `crm publish` writes a folder that opens on its own data and reports
// from a static host, with no parameter in the link and no request to any other host. It opens
// on the consultant's own report (`--report`), not on the first of the presets listed beside it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assert, openPage, serve } from '../harness.mjs';

export function tests({ browser, shots, root }) {
  return [
    [
      'crm publish: the bundle opens on its dataset and first report, offline',
      async () => {
        const out = join(root, 'test-results', 'publish-bundle');
        rmSync(out, { recursive: true, force: true });
        const run = spawnSync(
          join(root, 'node_modules/.bin/tsx'),
          [
            'src/cli/main.ts',
            'publish',
            '--out',
            out,
            '--deals',
            'test/cli/fixtures/deals.csv',
            '--clients',
            'test/cli/fixtures/clients.csv',
            '--presets',
            'by-source,managers',
            '--report',
            'test/cli/fixtures/publish-report.json',
            '--name',
            'Acme CRM',
            // The notes in the consultant's language; the bundle is the same in either.
            '--lang',
            'ru',
          ],
          {
            cwd: root,
            env: { ...process.env, CRM_PUBLISH_USE_DIST: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
            encoding: 'utf8',
          },
        );
        assert(run.status === 0, `crm publish failed: ${run.stderr}`);
        // What the import changed and what a preset left out are said, as by `crm report`.
        for (const note of [
          'note: Порядок этапов угадан по числу сделок',
          'note: managers: в этих данных нет activities; не включено',
          `note: выложите ${out} на любой статический хостинг`,
        ])
          assert(run.stderr.includes(note), `${note} on stderr: ${run.stderr}`);
        // The host reads README.txt, not our docs: it names the headers to send, and the site
        // works under them as written (the security ones; the optional pair is threads.e2e's).
        const readme = readFileSync(join(out, 'README.txt'), 'utf8');
        const security = readme.split('\n\n').find((p) => p.includes('Send these headers'));
        const headers = Object.fromEntries(
          (security ?? '')
            .split('\n')
            .map((l) => /^ {4}([A-Za-z-]+): (.+)$/.exec(l))
            .filter(Boolean)
            .map((m) => [m[1], m[2]]),
        );
        assert(
          headers['Content-Security-Policy']?.includes("frame-ancestors 'none'") &&
            headers['X-Content-Type-Options'] === 'nosniff' &&
            headers['Referrer-Policy'] === 'no-referrer',
          `README.txt names the host's headers: ${readme}`,
        );
        const server = await serve(out, { headers });
        try {
          const { page, context, foreign, errors } = await openPage(browser, server.url);
          await page.waitForSelector('table td', { timeout: 90_000 });
          await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, {
            timeout: 90_000,
          });
          const heads = (await page.locator('main table th').allInnerTexts()).map((h) => h.trim());
          assert(
            heads.includes('Manager') && heads.includes('Revenue, previous'),
            `the consultant's report opens first, got the columns: ${heads.join(' | ')}`,
          );
          assert(
            decodeURIComponent(page.url()).includes('cmp=year'),
            `its comparison in the link: ${page.url()}`,
          );
          // The client sees what the report is: its name, on screen as on paper.
          const named = await page.locator('main h2.report-name').innerText();
          assert(named === 'Won by manager, 2024 vs 2023', `the report's name on screen: ${named}`);
          const header = await page.locator('header').first().innerText();
          assert(
            header.includes('Acme CRM'),
            `the dataset name in the header, got: ${header.slice(0, 200)}`,
          );
          // Анна: 4,000 won in 2024 against 1,000 in 2023 (test/cli/fixtures/deals.csv).
          const anna = await page.locator('main table tbody tr', { hasText: 'Анна' }).innerText();
          for (const n of ['4,000', '1,000', '3,000'])
            assert(anna.includes(n), `${n} in Анна's row: ${anna}`);
          await page.screenshot({ path: `${shots}/publish-bundle.png` });
          // The presets' reports are listed in the page's language; the consultant's name stays.
          await page.getByRole('button', { name: 'RU', exact: true }).click();
          await page.locator('header button', { hasText: 'Acme CRM' }).first().click();
          const menu = (await page.getByRole('menu').innerText()).split('\n').map((l) => l.trim());
          for (const name of ['Won by manager, 2024 vs 2023', 'Эффективность менеджеров'])
            assert(menu.includes(name), `${name} in the Russian menu: ${menu.join(' | ')}`);
          assert(!menu.includes('Manager performance'), `English in the Russian menu: ${menu}`);
          await page.screenshot({ path: `${shots}/publish-bundle-menu-ru.png` });
          await page.keyboard.press('Escape');
          await page.getByRole('button', { name: 'Печать / PDF' }).first().click();
          await page.locator('.print-overlay table td').first().waitFor();
          // Its Russian headers make the table wider than a portrait page: the paper turns to
          // landscape, and so does the preview, which showed the last column cut at the edge.
          const fit = await page.evaluate(() => {
            const sheet = document.querySelector('.print-overlay .sheet');
            const last = [...sheet.querySelectorAll('table thead th')].at(-1);
            return {
              wide: sheet.dataset.printWide,
              cell: last.getBoundingClientRect().right,
              edge:
                sheet.getBoundingClientRect().right -
                parseFloat(getComputedStyle(sheet).paddingRight),
            };
          });
          assert(
            fit.wide === 'true' && fit.cell <= fit.edge + 0.5,
            `the preview shows the whole table: ${JSON.stringify(fit)}`,
          );
          await page.screenshot({ path: `${shots}/publish-bundle-print-ru.png` });
          assert(foreign.length === 0, `requests to other hosts: ${foreign.join(', ')}`);
          assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
          await context.close();
        } finally {
          await server.close();
        }
      },
    ],
  ];
}
