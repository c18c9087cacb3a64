// A lookup beyond clients/managers/products, end to end: deals plus a sources table through the
// file input, the join shown on the mapping screen, the table's columns in the field list under
// its own name, and a report by one of them whose numbers come from the fixture text.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const DEALS = [
  'Deal ID,Deal Name,Stage,Amount,Source,Deal owner',
  'D1,One,Closed Won,100,Google Ads,Ann',
  'D2,Two,Closed Won,200,google ads ,Bob',
  'D3,Three,Closed Lost,300,Referral,Ann',
  'D4,Four,Negotiation,400,Referral,Bob',
  'D5,Five,Closed Won,500,Cold call,Ann',
  'D6,Six,Closed Won,600,Webinar,Bob',
  'D7,Seven,Negotiation,700,Cold call,Ann',
  'D8,Eight,Closed Won,800,Google Ads,Bob',
].join('\n');
const SOURCES = 'Source,Channel\nGOOGLE ADS,Paid\nReferral,Organic\nCold Call,Outbound\n';
const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

export function tests({ browser, url, shots }) {
  let session;
  return [
    [
      'lookup: a sources table joins on the deals’ source; its columns become fields and report',
      async () => {
        session = await openPage(browser, url);
        const { page } = session;
        await ready(page);
        await page
          .getByTestId('file-input')
          .setInputFiles([file('deals.csv', DEALS), file('sources.csv', SOURCES)]);
        await page
          .getByRole('heading', { name: /check what each column is/ })
          .waitFor({ timeout: 60_000 });
        // The heading shows while the files are still being read; the tables come after.
        await page.getByTestId('link-1').waitFor({ timeout: 60_000 });
        const dialog = await page.getByRole('dialog').innerText();
        assert(
          /Linked: deals\.csv · Source ↔ sources\.csv · Source · 75% of values match/.test(dialog),
          `the join is shown: ${dialog}`,
        );
        await page.screenshot({ path: `${shots}/lookup-mapping.png` });
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
        await ready(page);
        const fields = page.locator('.fields, aside').first();
        await page.getByRole('heading', { name: 'sources', exact: true }).waitFor();
        await page.getByRole('button', { name: 'Add “Channel”…' }).click();
        await page.getByRole('menuitem', { name: 'Add to rows' }).click();
        await page.waitForFunction(
          () => /Outbound/.test(document.querySelector('table')?.textContent ?? ''),
          null,
          { timeout: 30_000 },
        );
        assert(await fields.isVisible(), 'the field list is shown');
        await page.screenshot({ path: `${shots}/lookup-report.png` });
      },
    ],
    [
      'lookup: a link by sources.Channel counts the fixture’s deals per channel',
      async () => {
        const { page } = session;
        await page.goto(`${url}?v=1&rows=sources.Channel&m=deals,won`);
        await ready(page);
        await page.waitForFunction(
          () => /Outbound/.test(document.querySelector('table')?.textContent ?? ''),
          null,
          { timeout: 60_000 },
        );
        const rows = await page
          .locator('table tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim())),
          );
        const by = Object.fromEntries(rows.map((r) => [r[0], r.slice(1)]));
        // Paid: D1, D2, D8 all won; Organic: D3 lost, D4 open; Outbound: D5 won, D7 open.
        assert(String(by['Paid']) === '3,3', `Paid: ${JSON.stringify(by)}`);
        assert(String(by['Organic']) === '2,0', `Organic: ${JSON.stringify(by)}`);
        assert(String(by['Outbound']) === '2,1', `Outbound: ${JSON.stringify(by)}`);
        await session.context.close();
      },
    ],
  ];
}
