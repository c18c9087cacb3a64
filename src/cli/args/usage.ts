/** `crm help`: the options of docs/cli.md in one screen. */
export const USAGE = `crm — CRM reports from the command line (same engine as the workbench)

Usage:
  crm report [PRESET] --deals FILE [options]     run a preset or a report built from options
                                                 (--file FILE … instead: kinds detected)
  crm publish --out DIR --deals FILE [files] [--presets ID,ID] [--report SPEC.json] [--name NAME]
                                                 a static site folder: the app, the data, the reports
  crm report [PRESET] --demo [--demo-deals N]    the same on the built-in demo data
  crm push --engine clickhouse --url URL [--database DB] [--user U] (--deals FILE [files] | --demo)
                                                 load the data into a ClickHouse server's tables
  crm report [PRESET] --engine clickhouse --url URL [--database DB] [--user U]
                                                 a report on the data there (password: $CLICKHOUSE_PASSWORD)
  crm presets [--lang en|ru] [--format json]     list the presets
  crm help

Data:       --deals F  --activities F  --stages F  --clients F  --managers F  --products F
            --lookup F (repeatable: any other table describing a deals or lookup column)
            --file F (repeatable: a file of any kind, detected and linked as the page does)
Mapping:    --map role=column[,role=column…]  --won V[,V]  --lost V[,V]
Report:     --by D[,D]  (role, column, table.column, date:day|week|month|quarter|year)
            --measures M[,M]  --date FIELD --from YYYY-MM-DD --to YYYY-MM-DD
            --compare previous|year  --sort KEY[:asc|desc]  --limit N  --spec FILE
  forecast: --as-of YYYY-MM-DD  --horizon 3m|12w  --backtest  --top-deals N
Output:     --format json|csv  --sql  --lang en|ru
Engine:     --engine duckdb|duckdb-wasm|chdb|clickhouse  (default duckdb: native, all cores)
            --threads N  --memory-limit SIZE  (duckdb only; spills to a temp directory beyond it)
            --url URL  --database DB  --user U  (clickhouse only; password from CLICKHOUSE_PASSWORD)

Docs: docs/cli.md`;
