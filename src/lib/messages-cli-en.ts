/**
 * English templates of the command line's own messages (`crm`, docs/cli.md): its notes on stderr
 * and the `crm:` error line, both rendered in `--lang`. Option names, commands, ids and values
 * the user typed are params or literal text in every language: they are what the user types.
 * See `message.ts` for the placeholders.
 */
export const cliMessagesEn = {
  // the import notes (stderr)
  cli_rejected: '{file}: {n} of {read} row(s) rejected, not loaded ({first})',
  cli_row: 'row {row}: {reason}',
  cli_rowColumn: 'row {row}, column "{column}": {reason}',
  cli_failures: '{file}: column "{column}": {n} value(s) not {type}, loaded as empty ({examples})',
  cli_published: 'put {out} on any static host; it opens on its own data',
  cli_pushed: 'pushed to {url}, database {database}: {tables}',
  cli_pushedTable: '{table} ({n} rows)',
  // pieces of a sentence
  cli_or: '{a} or {b}',
  cli_quoted: "'{text}'",
  cli_at: '{option}: {problem}',
  cli_fileAt: '{option} {path}: {problem}',
  // the command line itself
  cli_unknownOption: "unknown option '{option}' (see: crm help)",
  cli_takesNoValue: '{option} takes no value',
  cli_needsValue: '{option} needs a value',
  cli_unknownCommand:
    "unknown command '{command}' (commands: report, presets, publish, push, help)",
  cli_unexpectedArg: "unexpected argument '{arg}'",
  cli_presetsNoArgs: "'crm presets' takes no arguments, got '{arg}'",
  cli_optionsOnly: "'crm {command}' takes options only, got '{arg}'",
  cli_belongsTo: "{option} belongs to 'crm {owner}', not 'crm {command}'",
  cli_publishOut: 'publish needs --out DIR (an empty folder for the site)',
  cli_publishDemo: 'publish needs your data files (--deals FILE …), not --demo',
  cli_publishDeals: 'publish needs --deals FILE (or --file FILE)',
  cli_pushEngine: 'push needs --engine clickhouse --url http://host:8123',
  // option values
  cli_wholeNumber: "expected a whole number from 1 to {max}, got '{value}'",
  cli_date: "expected a real date YYYY-MM-DD, got '{value}'",
  cli_horizon: "expected months or weeks such as 3m or 12w (1 to 36), got '{value}'",
  cli_oneOf: "expected {allowed}, got '{value}'",
  cli_memoryLimit: "expected a size such as 512MB or 4GB, got '{value}'",
  cli_url:
    "expected http://host:8123 or https://host:8443 (no user or password in it), got '{value}'",
  cli_database: "expected a database name such as crm, got '{value}'",
  cli_mapPair: "expected role=column, got '{value}'",
  cli_mapTable: "unknown table '{table}' in '{pair}' (tables: {tables})",
  cli_fromAfterTo: '--from {from} is after --to {to}',
  // which options go together
  cli_demoWithFiles: '--demo cannot be combined with data files',
  cli_serverData:
    '--engine clickhouse reports on the data already on the server; load files or --demo there with: crm push --engine clickhouse --url …',
  cli_dealsRequired:
    '--deals FILE is required (or --file FILE of a detected kind, or --demo for the built-in demo data)',
  cli_demoDeals: '--demo-deals needs --demo',
  cli_engineOnly: '{option} applies to --engine {engine}, not {given}',
  cli_clickhouseUrl: '--engine clickhouse needs --url http://host:8123',
  cli_mapNoFile: '--map {table}.{role}: no --{table} file given',
  cli_mapNoColumn: "--map {role}={column}: the deals file has no usable column '{column}'",
  // files
  cli_noSuchFile: 'no such file',
  cli_isDirectory: 'is a directory',
  cli_permission: 'permission denied',
  cli_notJson: 'not valid JSON ({reason})',
  cli_holdsSite: 'already holds a site; choose an empty folder',
  cli_buildFailed: 'vite build failed',
  cli_chdbMissing: 'chdb is not installed (looked in {dir}); install it with: {command}',
  // the report asked for
  cli_unknownField: "unknown field '{field}'",
  cli_unknownFieldNear: "unknown field '{field}' (did you mean {near}?)",
  cli_unknownGrain: "'{text}': unknown grain '{grain}' (use day, week, month, quarter or year)",
  cli_notDate: "'{field}' is not a date, so it cannot be grouped by {grain}",
  cli_measureUnavailable:
    "measure '{id}' is not available: this data lacks the column or file it needs (docs/metrics.md)",
  cli_unknownMeasure: "unknown measure '{id}' (measures: {ids})",
  cli_unknownPreset: "unknown preset '{id}' (presets: {ids})",
  cli_unknownPresetShort: "unknown preset '{id}'",
  cli_noDates: 'the data has no dates, give both --from and --to',
  cli_noReport: 'give a preset, --spec FILE or --measures M[,M] (see: crm presets)',
  cli_presetOrSpec: 'give either a preset or --spec, not both',
  cli_compareNeedsPeriod: '--compare needs a period: add --from and --to',
  cli_forecastOnly: '--as-of, --horizon, --backtest and --top-deals belong to the forecast preset',
  cli_backtestOrTop: '--backtest and --top-deals are two different reports: give one',
} as const;
