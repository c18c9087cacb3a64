// A consultant's bundle: `crm publish` writes a folder that opens on its own data and reports
// from a static host, with no parameter in the link and no request to any other host.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { assert, openPage, serve } from '../harness.mjs';

export function tests({ browser, shots, root }) {
  return [
    [
      'crm publish: the bundle opens on its dataset and first report, offline',
      async () => {
        const out = join(root, 'test-results', 'publish-bundle');
        rmSync(out, { recursive: true, force: true });
        execFileSync(
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
            '--name',
            'Acme CRM',
          ],
          {
            cwd: root,
            env: { ...process.env, CRM_PUBLISH_USE_DIST: '1' },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        const server = await serve(out);
        try {
          const { page, context, foreign, errors } = await openPage(browser, server.url);
          await page.waitForFunction(
            () =>
              [...document.querySelectorAll('table th')].some(
                (th) => th.textContent?.trim() === 'Source',
              ),
            null,
            { timeout: 90_000 },
          );
          const header = await page.locator('header').first().innerText();
          assert(
            header.includes('Acme CRM'),
            `the dataset name in the header, got: ${header.slice(0, 200)}`,
          );
          const cells = await page.locator('table td').allInnerTexts();
          assert(
            cells.some((c) => /\d/.test(c)),
            'numbers in the table',
          );
          await page.screenshot({ path: `${shots}/publish-bundle.png` });
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
