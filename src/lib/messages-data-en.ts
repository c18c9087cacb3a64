/**
 * English templates of the messages about data: reading files, the import report's warnings and
 * reasons, dataset links and manifests, stored datasets. See `message.ts` for the placeholders.
 */
export const dataMessagesEn = {
  // a value type, inside a sentence
  valueType_text: 'text',
  valueType_number: 'number',
  valueType_date: 'date',
  valueType_boolean: 'boolean',
  // a file that cannot be read
  read_empty: 'empty file',
  read_binary: 'not a text file (binary data)',
  read_headerLine: 'line {line}: {problem} in the header',
  read_noHeader: 'empty file (no header row)',
  read_noSheet: 'no sheet named "{sheet}" (sheets: {sheets})',
  read_noSheets: 'workbook has no sheets',
  read_emptySheet: 'sheet "{sheet}" is empty',
  read_parquet: 'not a readable Parquet file: {reason}',
  read_arrow: 'not a readable Arrow IPC file: {reason}',
  read_json: 'invalid JSON: {reason}',
  read_jsonArray: 'JSON must be an array of records',
  read_tooWide: '{n} columns; at most {max} are supported (is the delimiter right?)',
  read_tooWideHeader:
    'more than {max} columns in the header; at most {max} are supported (is the delimiter right?)',
  read_unreadable: 'cannot be read: {reason}',
  read_tooLarge:
    'expands to {size} MB or more once unpacked; at most {limit} MB fit in memory for one import',
  read_zipBroken: 'not a readable workbook: the file is damaged or incomplete',
  read_tooLargeParsed:
    'needs about {size} MB of memory once read; at most {limit} MB fit in memory for one import',
  read_zipSize: 'part "{entry}" unpacks to more than the size it declares: the file is damaged',
  read_jsonDepth: 'JSON nested deeper than {max} levels; expected an array of records',
  read_jsonRecords:
    'JSON must be an array of records (objects with named fields), not of plain values',
  // a row that is skipped
  read_unclosedQuote: 'unclosed quote; row skipped',
  read_strayQuote: 'a stray quote in column "{column}" (it closes only on row {end}); row skipped',
  read_rowWidth: 'expected {width} fields, found {found}; row skipped',
  read_tooManyFields: 'more than {max} fields; row skipped',
  // what the mapping screen foresees for a file
  import_brokenRows: '{n} broken row(s) will be skipped',
  import_brokenRowsSample: '{n} broken row(s) in the first {sampled:number} rows will be skipped',
  import_noRows: 'no data rows (header only)',
  import_mixedEncoding:
    '{count|line|lines} {lines}{more} {count|is|are} {encoding}, not {fileEncoding}: each line was read in its own encoding',
  import_mixedMore: '… ({count} in all)',
  import_nulRemoved:
    '{file}: {count} {count|NUL character|NUL characters} removed from {cells} {cells|cell|cells} (the first in row {row}, column "{column}")',
  import_notParsed: '"{column}": {n} value(s) are not {type} and will be NULL',
  import_notParsedSample:
    '"{column}": {n} value(s) in the first {sampled:number} rows are not {type} and will be NULL',
  import_willRound:
    '"{column}": {n:number} {n|value has|values have} more than 15 significant digits and will be rounded',
  import_willRoundSample:
    '"{column}": {n:number} {n|value|values} in the first {sampled:number} rows {n|has|have} more than 15 significant digits and will be rounded',
  // a blank header's column, by its position (its name stays `column_N`)
  import_blankColumn: 'Column {n}',
  import_noMatch: 'no column of it matches the values of a deals column or of another lookup',
  import_notLoaded: 'not loaded: {reason}',
  // the import report
  import_fileNotLoaded: '{file}: not loaded — {reason}',
  import_rounded:
    '"{column}": {n:number} {n|value has|values have} more than 15 significant digits and {n|was|were} loaded rounded (the first in row {row}: {value})',
  import_fileError: '{file}: {reason}',
  import_noDealsRead: 'no deals table could be read ({errors})',
  import_noDeals: 'no file looks like a deals table; map one by hand',
  add_noLink:
    '{file} does not link to this dataset: no value of its column "{column}" is found in the dataset\'s tables. Choose the column that holds the deal, client or manager key, or cancel: the dataset stays as it was',
  import_probabilities: 'stage probabilities must be an object',
  import_probability:
    'stage probability for "{stage}" must be a number from 0 to 1 (a fraction: 0.4 is 40 %), got {got}',
  import_statusFromStage: 'Status derived from stage names',
  import_statusWonTable: 'Deals found in a won-deals table are won, the others open',
  import_ordersWon: 'Orders are loaded as won deals',
  import_statusCloseDate: 'No status or stage column: deals with a close date are won',
  import_allOpen: 'No status or stage column: every deal is open',
  import_byTitle: '{file}: linked to the deals by deal title, not by id',
  import_sharedTitleActivities:
    '{n:number} {n|activity names|activities name} a deal by a title several deals share; not linked to any',
  import_sharedTitleHistory:
    '{n:number} {n|stage change names|stage changes name} a deal by a title several deals share; not linked to any',
  import_orphanActivities:
    '{n:number} {n|activity names|activities name} a deal not found in deals',
  import_orphanHistory:
    '{n:number} {n|stage change names|stage changes name} a deal not found in deals',
  import_unmatchedDeals:
    '{n:number} {n|deal names|deals name} a {column} not found in {lookup} ({k:number} distinct): {examples}',
  import_unmatchedRows:
    '{n:number} {from} {n|row names|rows name} a {column} not found in {lookup} ({k:number} distinct): {examples}',
  import_lookupNoColumn: '{file}: not loaded — {from} has no column {column} to join it on',
  import_lookupType:
    '{file}: not loaded — {from}.{column} holds {type} values, and lookups join on text',
  import_stageOrderGuessed: 'Stage order guessed from deal counts (no stage history); confirm it',
  import_workerFailed: 'import worker failed: {reason}',
  import_workerNoStart: 'it did not start (its script could not be loaded)',
  import_workerMessage: 'it sent a reply that could not be read',
  import_workerSilent: 'it stopped answering (nothing for {s:number} s)',
  import_cancelled: 'cancelled',
  // a dataset from a link: the fetch rule and the manifest
  link_badUrl: 'not a valid URL: {url}',
  link_protocol: 'only http(s) links are fetched, not {protocol} ({url})',
  link_otherSite:
    '{url} is on another site ({origin}); a manifest may only name files next to the app',
  link_fetch: 'could not fetch {url}: {reason}',
  link_http: '{url}: HTTP {status}',
  link_fileNotJson: '{name}: not valid JSON ({reason})',
  link_html:
    '{url} is a web page, not a data file (a static host answers a wrong path with its HTML page): check the link',
  link_tooBig: '{url} is larger than {max}, the most this tab can import: the download was stopped',
  link_redirect: '{url} was redirected to {to}, another site: not loaded',
  link_declined: 'the data at {host} was not loaded: you did not allow it ({url})',
  link_crashed:
    'the last attempt to open the data of this link ({url}) did not finish (the tab was closed or crashed), so it was not opened again by itself',
  link_report: 'report “{name}” of the dataset cannot be opened: {reason}',
  link_specStale:
    'the report in the link cannot be opened on this data ({reason}); the default report is shown',
  manifest_tooMany: 'a manifest may name at most {max} files; this one names {n}',
  manifest_object: 'a manifest must be a JSON object',
  manifest_unknownKey: 'unknown manifest key "{key}"',
  manifest_name: '"name" must be a non-empty string',
  manifest_files: '"files" must be a non-empty list',
  manifest_file: '{at} must be an object or a URL string',
  manifest_fileKey: 'unknown key "{key}" in {at}',
  manifest_url: '{at}.url is missing',
  manifest_kind: '{at}.kind must be one of {kinds}',
  manifest_map: '{at}.map must map roles to column headers',
  manifest_encoding: '{at}.encoding must be a string',
  manifest_strings: '"{key}" must be a list of strings',
  manifest_reports: '"reports" must be a list',
  manifest_report: 'reports[{i}] needs a "name" and a "spec" object',
  // a stored dataset
  store_none: 'this browser cannot store files (no OPFS)',
  store_sessionOnly: 'saved for this session only: {reason}',
  store_quota:
    '“{name}” was not saved: the browser’s storage for this page is full. It lasts until you reload; nothing half-written was kept',
  store_unreadable: 'the saved dataset “{name}” could not be opened: {reason}',
  restore_otherVersion: 'saved by another version (format {got}, now {now})',
  restore_incomplete: 'the saved description of the tables is incomplete',
  restore_damaged: '{table}: stored data damaged',
  // the database worker died
  engine_terminated: 'its worker was terminated',
  engine_restarting: 'The database stopped ({reason}); restarting it and loading the data again…',
  engine_restarted: 'The database stopped ({reason}) and was restarted; the data was loaded again.',
  engine_crashedAgain:
    'The database stopped again ({reason}) while running this report. The data was loaded again, but the report was not run: make it smaller (fewer rows, a shorter period) and try again.',
  // a ClickHouse server (src/engine/clickhouse.ts)
  link_engine: "Parameter 'engine' is '{engine}'; only clickhouse can be named in a link.",
  ch_badUrl:
    'not a ClickHouse server address: “{url}” (expected http://host:8123 or https://host:8443)',
  ch_unreachable: 'cannot reach the ClickHouse server at {url}: {reason}',
  ch_unreachablePage:
    'cannot reach the ClickHouse server at {url}: it is not running there, the address is wrong, or it does not allow this page (CORS, see docs/engines.md)',
  ch_auth: 'the ClickHouse server at {url} refused user “{user}”: wrong password or no such user',
  ch_unknownDatabase: 'the ClickHouse server at {url} has no database “{database}”',
  ch_missingTable:
    'the ClickHouse database “{database}” lacks a table this needs (load the data with crm push): {detail}',
  ch_missingColumn:
    'a table in the ClickHouse database “{database}” lacks a column this needs (load the data again with crm push): {detail}',
  ch_memory:
    'the ClickHouse server stopped the query: it needed more memory than it may use ({detail}). Make the report smaller (fewer rows, a shorter period) or raise max_memory_usage on the server',
  ch_timeout:
    'the ClickHouse server at {url} did not finish within {seconds:number} s; the query was stopped',
  ch_cancelled: 'the query was cancelled',
  ch_error: 'the ClickHouse server refused the query (code {code}): {detail}',
  ch_http: 'the server at {url} answered HTTP {status}, not as ClickHouse does: {detail}',
  ch_badResult: 'the ClickHouse server at {url} sent a result that is not Arrow: {reason}',
  ch_noFiles:
    'a ClickHouse server cannot read files from here; load them with crm push --engine clickhouse',
  ch_noDataset:
    'the ClickHouse database “{database}” holds no CRM dataset (no table crm_model); load one with: crm push --engine clickhouse --url {url} --demo (or your files)',
  ch_badModel: 'the dataset description in crm_model of “{database}” is damaged: {reason}',
} as const;
