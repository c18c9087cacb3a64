/** English UI strings: the app shell and its status line. */
export const appEn = {
  appTitle: 'CRM Workbench',
  skipToTable: 'Skip to the table',
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
  statusNeedsStages: 'The funnel needs the deals’ stages',
  rowsCount: '{n:number} {n|row|rows}',
  queryTime: '{ms} ms',
  errorTitle: 'The report could not run',
  retry: 'Retry',
  dismiss: 'Dismiss',
} as const;
