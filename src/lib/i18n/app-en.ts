/** English UI strings: the app shell and its status line. */
export const appEn = {
  appTitle: 'CRM Workbench',
  skipToTable: 'Skip to the table',
  skipToDashboard: 'Skip to the dashboard',
  tagline: 'Runs in your browser: nothing leaves this tab',
  language: 'Language',
  demoData: 'Demo data',
  // status
  statusEngine: 'Starting the database engine…',
  statusDataset: 'Generating the demo dataset…',
  statusRunning: 'Running…',
  statusReady: 'Ready',
  statusError: 'Error',
  statusIdle: 'Add a measure to see a report',
  rowsCount: '{n:number} {n|row|rows}',
  rowsFromHead:
    '≈{n:number} {n|row|rows} (estimated from the first {head} of {total}; the whole file is checked on import)',
  // A report's table (the status line): its rows, and a cross-tab's cells of a row and a column.
  tableRows: '{n:number} {n|row|rows}',
  tableRowsCells: '{n:number} {n|row|rows} · {cells:number} {cells|cell|cells}',
  queryTime: '{ms} ms',
  errorTitle: 'The report could not run',
  retry: 'Retry',
  dismiss: 'Dismiss',
} as const;
