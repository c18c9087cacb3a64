/** `crm help`: the options of docs/cli.md in one screen, in English and Russian (`--lang`). */
import type { Lang } from '../../lib/i18n.ts';

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
Output:     --format json|csv  --sql  --lang en|ru (of notes and errors)
Engine:     --engine duckdb|duckdb-wasm|chdb|clickhouse  (default duckdb: native, all cores)
            --threads N  --memory-limit SIZE  (duckdb only; spills to a temp directory beyond it)
            --url URL  --database DB  --user U  (clickhouse only; password from CLICKHOUSE_PASSWORD)

Docs: docs/cli.md`;

/** The same screen in Russian; options, ids and placeholders as they are typed. */
const USAGE_RU = `crm — отчёты CRM из командной строки (тот же движок, что и у рабочего места)

Запуск:
  crm report [ОТЧЁТ] --deals FILE [параметры]    готовый отчёт или отчёт, собранный из параметров
                                                 (или --file FILE …: тип файла определится сам)
  crm publish --out DIR --deals FILE [файлы] [--presets ID,ID] [--report SPEC.json] [--name NAME]
                                                 папка статического сайта: приложение, данные, отчёты
  crm report [ОТЧЁТ] --demo [--demo-deals N]     то же на встроенных демо-данных
  crm push --engine clickhouse --url URL [--database DB] [--user U] (--deals FILE [файлы] | --demo)
                                                 загрузить данные в таблицы сервера ClickHouse
  crm report [ОТЧЁТ] --engine clickhouse --url URL [--database DB] [--user U]
                                                 отчёт по данным там (пароль: $CLICKHOUSE_PASSWORD)
  crm presets [--lang en|ru] [--format json]     список готовых отчётов
  crm help

Данные:     --deals F  --activities F  --stages F  --clients F  --managers F  --products F
            --lookup F (можно несколько: другая таблица, описывающая столбец сделок или справочника)
            --file F (можно несколько: файл любого типа, определяется и связывается, как на странице)
Роли:       --map роль=столбец[,роль=столбец…]  --won V[,V]  --lost V[,V]
Отчёт:      --by D[,D]  (роль, столбец, таблица.столбец, дата:day|week|month|quarter|year)
            --measures M[,M]  --date FIELD --from YYYY-MM-DD --to YYYY-MM-DD
            --compare previous|year  --sort KEY[:asc|desc]  --limit N  --spec FILE
  forecast: --as-of YYYY-MM-DD  --horizon 3m|12w  --backtest  --top-deals N
Вывод:      --format json|csv  --sql  --lang en|ru (язык заметок и ошибок)
Движок:     --engine duckdb|duckdb-wasm|chdb|clickhouse  (по умолчанию duckdb: нативный, все ядра)
            --threads N  --memory-limit SIZE  (только duckdb; сверх лимита — во временную папку)
            --url URL  --database DB  --user U  (только clickhouse; пароль из CLICKHOUSE_PASSWORD)

Документация: docs/cli.md`;

/** `crm help` in the language `--lang` asks for. */
export function usage(lang: Lang): string {
  return lang === 'ru' ? USAGE_RU : USAGE;
}
