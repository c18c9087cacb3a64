// Reading an analysis's flat table as a user sees it, for the compare e2e files.

/**
 * Each column's whole name in column order: a compared measure's columns sit under its band
 * (row 2, named by period or change, the whole name their accessible name), the others span
 * both header rows.
 */
export const headersOf = (page) =>
  page.$$eval('table.flat thead', ([head]) => {
    if (!head) return [];
    const [top, parts] = head.querySelectorAll('tr');
    const leaves = [...(parts?.querySelectorAll('th') ?? [])];
    return [...top.querySelectorAll('th')].flatMap((th) =>
      th.classList.contains('band')
        ? leaves.splice(0, th.colSpan).map((l) => l.getAttribute('aria-label') ?? '')
        : [th.textContent.trim()],
    );
  });

/** Every body row's cell texts. */
export const rowsOf = (page) =>
  page.$$eval('table.flat tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((td) => td.textContent.trim())),
  );
