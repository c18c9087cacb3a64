// A link to a report made on data imported in this browser: the link "Copy link" copies says so
// (`local=1`; the page's own URL does not change); the sender reopening it on the import the
// browser keeps sees no note, someone else — whose page opens on the demo — is told the numbers
// are not the sender's (EN and RU), and can dismiss it.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { CSV } from './links.e2e.mjs';

const note = (page) => page.getByTestId('link-local-note');

/** What "Copy link" copies, past its warning about data that lives only here. */
async function copiedLink(page) {
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('alertdialog').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Copy the link anyway' }).click();
  await page.getByRole('button', { name: 'Link copied' }).waitFor({ timeout: 10_000 });
  return page.evaluate(() => navigator.clipboard.readText());
}

export function tests({ browser, url, shots }) {
  return [
    [
      "link-local: a link to a report on this browser's import says so, and a reader elsewhere is told (EN, RU)",
      async () => {
        const { page, context, errors } = await openPage(browser, `${url}?lang=en`);
        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        let link;
        try {
          await ready(page);
          assert(!page.url().includes('local=1'), 'the demo is no local data');
          await page.getByTestId('file-input').setInputFiles({
            name: 'own-deals.csv',
            mimeType: 'text/csv',
            buffer: Buffer.from(CSV),
          });
          await page.getByRole('button', { name: 'Import', exact: true }).click();
          await page.getByTestId('import-report').waitFor({ timeout: 90_000 });
          await ready(page);
          await page.waitForFunction(
            () => window.__crmDataset?.snapshot.state?.state === 'saved',
            null,
            { timeout: 60_000 },
          );
          assert(!page.url().includes('local='), `the page's own URL: ${page.url()}`);
          link = await copiedLink(page);
          assert(/[?&]local=1(&|#)/.test(link), `the copied link says so: ${link}`);
          // The sender reopens the link: the import this browser keeps, no note.
          await page.goto(link);
          await ready(page);
          await page.waitForFunction(
            () => document.querySelector('header.header')?.textContent?.includes('own-deals'),
            null,
            { timeout: 60_000 },
          );
          await page.waitForTimeout(500);
          assert((await note(page).count()) === 0, 'no note for the sender');
          assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
        } finally {
          await context.close();
        }
        // Someone else: a fresh browser, which opens on the demo.
        for (const [lang, words] of [
          ['en', /made on data imported in the sender's own browser/],
          ['ru', /сделан на данных, загруженных в браузере отправителя/],
        ]) {
          const other = await openPage(browser, link.replace('lang=en', `lang=${lang}`));
          try {
            await ready(other.page);
            await note(other.page).waitFor({ timeout: 30_000 });
            const text = await note(other.page).innerText();
            assert(words.test(text), `${lang}: the note says so: ${text}`);
            if (shots) await other.page.screenshot({ path: `${shots}/link-local-${lang}.png` });
            // Its own data is the demo: its URL no longer claims the sender's import.
            await other.page.waitForFunction(() => !location.search.includes('local='), null, {
              timeout: 30_000,
            });
            await note(other.page).getByRole('button').click();
            await note(other.page).waitFor({ state: 'detached', timeout: 10_000 });
            assert(
              other.errors.length === 0,
              `${lang}: console errors: ${other.errors.join('; ')}`,
            );
          } finally {
            await other.context.close();
          }
        }
      },
    ],
  ];
}
