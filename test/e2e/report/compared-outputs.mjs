// What a compared report keeps away from the screen, read the same way by every compare e2e:
// the printed sheet's text and a dashboard tile's period and marks.
import { toDashboard } from '../main.e2e.mjs';
import { pageText, previewPng } from '../print/print.e2e.mjs';

const label = (page, key) => page.evaluate((k) => window.__crm.locale.t(k), key);

/**
 * Prints the report shown ("Print / PDF" in the UI's language) to `pdf`, with a PNG of its first
 * page beside it, and returns that page's text with its whitespace run together.
 */
export async function printedText(page, pdf) {
  await page
    .getByRole('button', { name: await label(page, 'print') })
    .first()
    .click();
  await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page
    .getByRole('button', { name: await label(page, 'close') })
    .first()
    .click();
  previewPng(pdf);
  return pageText(pdf, 1).text.replace(/\s+/g, ' ');
}

/** Saves the report shown as `name`, puts it on the dashboard and reads its tile. */
export async function dashboardTile(page, name) {
  await toDashboard(page, name);
  const tile = page.locator('.dashboard .tile').first();
  const period = (await tile.locator('.period').first().innerText()).trim();
  const marks = await tile.locator('.mark').allInnerTexts();
  return { tile, period, marks };
}
