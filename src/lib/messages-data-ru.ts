/** Russian templates of the messages about data, typed by the English ones. */
import type { dataMessagesEn } from './messages-data-en.ts';

export const dataMessagesRu: Record<keyof typeof dataMessagesEn, string> = {
  valueType_text: 'текст',
  valueType_number: 'число',
  valueType_date: 'дата',
  valueType_boolean: 'да/нет',
  read_empty: 'пустой файл',
  read_binary: 'не текстовый файл (двоичные данные)',
  read_headerLine: 'строка {line}: {problem} в заголовке',
  read_noHeader: 'пустой файл (нет строки заголовков)',
  read_noSheet: 'нет листа «{sheet}» (листы: {sheets})',
  read_noSheets: 'в книге нет листов',
  read_emptySheet: 'лист «{sheet}» пуст',
  read_parquet: 'не удаётся прочитать файл Parquet: {reason}',
  read_arrow: 'не удаётся прочитать файл Arrow IPC: {reason}',
  read_json: 'некорректный JSON: {reason}',
  read_jsonArray: 'JSON должен быть массивом записей',
  read_tooWide: 'столбцов: {n}; поддерживается не больше {max} (верен ли разделитель?)',
  read_tooWideHeader:
    'в заголовке больше {max} столбцов; поддерживается не больше {max} (верен ли разделитель?)',
  read_unreadable: 'не удаётся прочитать: {reason}',
  read_tooLarge:
    'после распаковки занимает {size} МБ или больше; для одного импорта в памяти помещается не больше {limit} МБ',
  read_zipBroken: 'книга не читается: файл повреждён или неполон',
  read_tooLargeParsed:
    'после чтения займёт около {size} МБ памяти; для одного импорта помещается не больше {limit} МБ',
  read_zipSize: 'часть «{entry}» распаковывается в больший размер, чем указан: файл повреждён',
  read_jsonDepth: 'вложенность JSON глубже {max} уровней; ожидался массив записей',
  read_jsonRecords:
    'JSON должен быть массивом записей (объектов с именованными полями), а не простых значений',
  read_unclosedQuote: 'незакрытая кавычка; строка пропущена',
  read_strayQuote:
    'лишняя кавычка в столбце «{column}» (закрывается только в строке {end}); строка пропущена',
  read_rowWidth: 'ожидалось полей: {width}, найдено: {found}; строка пропущена',
  read_tooManyFields: 'больше {max} полей; строка пропущена',
  import_brokenRows: 'повреждённых строк: {n}; они будут пропущены',
  import_brokenRowsSample: 'повреждённых строк в первых {sampled:number}: {n}; они будут пропущены',
  import_noRows: 'нет строк с данными (только заголовок)',
  import_mixedEncoding:
    '{count|строка|строки|строк} {lines}{more} в кодировке {encoding}, а не {fileEncoding}: каждая строка прочитана в своей кодировке',
  import_mixedMore: '… (всего {count})',
  import_nulRemoved:
    '{file}: удалено символов NUL: {count}, в ячейках: {cells} (первый — строка {row}, столбец «{column}»)',
  import_notParsed: '«{column}»: значений не типа «{type}»: {n}; они станут пустыми',
  import_notParsedSample:
    '«{column}»: значений не типа «{type}» в первых {sampled:number} строках: {n}; они станут пустыми',
  import_willRound:
    '«{column}»: {n:number} {n|значение длиннее|значения длиннее|значений длиннее} 15 значащих цифр {n|будет округлено|будут округлены|будут округлены}',
  import_willRoundSample:
    '«{column}»: в первых {sampled:number} строках {n:number} {n|значение длиннее|значения длиннее|значений длиннее} 15 значащих цифр {n|будет округлено|будут округлены|будут округлены}',
  // a blank header's column, by its position (its name stays `column_N`)
  import_blankColumn: 'Столбец {n}',
  import_noMatch:
    'ни один его столбец не совпадает по значениям со столбцом сделок или другого справочника',
  import_notLoaded: 'не загружен: {reason}',
  import_fileNotLoaded: '{file}: не загружен — {reason}',
  import_rounded:
    '«{column}»: {n:number} {n|значение длиннее|значения длиннее|значений длиннее} 15 значащих цифр {n|загружено округлённым|загружены округлёнными|загружены округлёнными} (первое — в строке {row}: {value})',
  import_fileError: '{file}: {reason}',
  import_noDealsRead: 'не удалось прочитать ни одной таблицы сделок ({errors})',
  import_noDeals: 'ни один файл не похож на таблицу сделок; укажите её вручную',
  add_noLink:
    '{file} не связывается с этим набором данных: ни одно значение его столбца «{column}» не найдено в таблицах набора. Укажите столбец с ключом сделки, клиента или менеджера или отмените: набор данных останется как был',
  import_probabilities: 'вероятности этапов должны быть объектом',
  import_probability:
    'вероятность этапа «{stage}» должна быть числом от 0 до 1 (доля: 0.4 — это 40 %), а не {got}',
  import_statusFromStage: 'Статус определён по названиям этапов',
  import_statusWonTable: 'Сделки из таблицы выигранных считаются выигранными, остальные открытыми',
  import_ordersWon: 'Заказы загружены как выигранные сделки',
  import_statusCloseDate:
    'Нет столбца статуса или этапа: сделки с датой закрытия считаются выигранными',
  import_allOpen: 'Нет столбца статуса или этапа: все сделки считаются открытыми',
  import_byTitle: '{file}: связан со сделками по названию сделки, а не по id',
  import_sharedTitleActivities:
    'Активностей, у которых название сделки носят несколько сделок: {n:number}; они ни с чем не связаны',
  import_sharedTitleHistory:
    'Смен этапа, у которых название сделки носят несколько сделок: {n:number}; они ни с чем не связаны',
  import_orphanActivities: 'Активностей со сделкой, которой нет в сделках: {n:number}',
  import_orphanHistory: 'Смен этапа со сделкой, которой нет в сделках: {n:number}',
  import_unmatchedDeals:
    'Сделок, у которых «{column}» нет в таблице «{lookup}»: {n:number} (разных значений: {k:number}): {examples}',
  import_unmatchedRows:
    'Строк таблицы «{from}», у которых «{column}» нет в таблице «{lookup}»: {n:number} (разных значений: {k:number}): {examples}',
  import_lookupNoColumn: '{file}: не загружен — в {from} нет столбца {column}, чтобы связать его',
  import_lookupType:
    '{file}: не загружен — в {from}.{column} значения типа {type}, а справочники связываются по тексту',
  import_stageOrderGuessed:
    'Порядок этапов угадан по числу сделок (нет истории этапов); проверьте его',
  import_workerFailed: 'сбой фонового импорта: {reason}',
  import_workerNoStart: 'он не запустился (не удалось загрузить его скрипт)',
  import_workerMessage: 'он прислал ответ, который не удалось прочитать',
  import_workerSilent: 'он перестал отвечать (ничего за {s:number} с)',
  import_cancelled: 'отменено',
  link_badUrl: 'некорректный адрес: {url}',
  link_protocol: 'загружаются только ссылки http(s), а не {protocol} ({url})',
  link_otherSite:
    '{url} находится на другом сайте ({origin}); манифест может называть только файлы рядом с приложением',
  link_fetch: 'не удалось загрузить {url}: {reason}',
  link_http: '{url}: ошибка HTTP {status}',
  link_fileNotJson: '{name}: некорректный JSON ({reason})',
  link_html:
    'по адресу {url} веб-страница, а не файл данных (статический хостинг отвечает на неверный путь своей HTML-страницей): проверьте ссылку',
  link_tooBig:
    '{url} больше {max} — предела того, что может загрузить эта вкладка: загрузка остановлена',
  link_redirect: '{url} перенаправлен на {to}, другой сайт: не загружено',
  link_declined: 'данные с {host} не загружены: вы не разрешили ({url})',
  link_crashed:
    'прошлая попытка открыть данные этой ссылки ({url}) не завершилась (вкладка закрылась или упала), поэтому сама она больше не повторяется',
  link_report: 'отчёт «{name}» набора данных не открывается: {reason}',
  link_specStale:
    'отчёт из ссылки не открывается на этих данных ({reason}); показан отчёт по умолчанию',
  manifest_tooMany: 'манифест может называть не больше {max} файлов, а в этом {n}',
  manifest_object: 'манифест должен быть объектом JSON',
  manifest_unknownKey: 'неизвестный ключ манифеста «{key}»',
  manifest_name: '«name» должно быть непустой строкой',
  manifest_files: '«files» должен быть непустым списком',
  manifest_file: '{at} должен быть объектом или адресом',
  manifest_fileKey: 'неизвестный ключ «{key}» в {at}',
  manifest_url: 'в {at} нет url',
  manifest_kind: '{at}.kind должен быть одним из: {kinds}',
  manifest_map: '{at}.map должен сопоставлять роли заголовкам столбцов',
  manifest_encoding: '{at}.encoding должен быть строкой',
  manifest_strings: '«{key}» должен быть списком строк',
  manifest_reports: '«reports» должен быть списком',
  manifest_report: 'у reports[{i}] должны быть «name» и объект «spec»',
  store_none: 'этот браузер не может хранить файлы (нет OPFS)',
  store_sessionOnly: 'сохранено только до конца сеанса: {reason}',
  store_quota:
    '«{name}» не сохранён: хранилище браузера для этой страницы заполнено. Данные доступны до перезагрузки; недописанное не сохранено',
  store_unreadable: 'сохранённый набор данных «{name}» не открывается: {reason}',
  restore_otherVersion: 'сохранено другой версией (формат {got}, сейчас {now})',
  restore_incomplete: 'сохранённое описание таблиц неполное',
  restore_damaged: '{table}: сохранённые данные повреждены',
  engine_terminated: 'её фоновый процесс был завершён',
  engine_restarting:
    'База данных остановилась ({reason}); она перезапускается, данные загружаются заново…',
  engine_restarted:
    'База данных остановилась ({reason}) и была перезапущена; данные загружены заново.',
  engine_crashedAgain:
    'База данных снова остановилась ({reason}) при построении этого отчёта. Данные загружены заново, но отчёт не запущен: уменьшите его (меньше строк, короче период) и попробуйте снова.',
  link_engine: 'Параметр «engine» — «{engine}»; в ссылке можно указать только clickhouse.',
  ch_badUrl:
    'это не адрес сервера ClickHouse: «{url}» (ожидается http://host:8123 или https://host:8443)',
  ch_unreachable: 'не удаётся связаться с сервером ClickHouse {url}: {reason}',
  ch_unreachablePage:
    'не удаётся связаться с сервером ClickHouse {url}: он не запущен, адрес неверен или сервер не разрешает запросы с этой страницы (CORS, см. docs/engines.md)',
  ch_auth:
    'сервер ClickHouse {url} не принял пользователя «{user}»: неверный пароль или такого пользователя нет',
  ch_unknownDatabase: 'на сервере ClickHouse {url} нет базы данных «{database}»',
  ch_missingTable:
    'в базе ClickHouse «{database}» нет нужной таблицы (загрузите данные командой crm push): {detail}',
  ch_missingColumn:
    'в таблице базы ClickHouse «{database}» нет нужного столбца (загрузите данные заново командой crm push): {detail}',
  ch_memory:
    'сервер ClickHouse остановил запрос: ему не хватило разрешённой памяти ({detail}). Уменьшите отчёт (меньше строк, короче период) или увеличьте max_memory_usage на сервере',
  ch_timeout: 'сервер ClickHouse {url} не ответил за {seconds:number} с; запрос остановлен',
  ch_cancelled: 'запрос отменён',
  ch_error: 'сервер ClickHouse отклонил запрос (код {code}): {detail}',
  ch_http: 'сервер {url} ответил HTTP {status}, не так, как отвечает ClickHouse: {detail}',
  ch_badResult: 'сервер ClickHouse {url} прислал результат не в формате Arrow: {reason}',
  ch_noFiles:
    'сервер ClickHouse не может читать файлы отсюда; загрузите их командой crm push --engine clickhouse',
  ch_noDataset:
    'в базе ClickHouse «{database}» нет набора данных CRM (нет таблицы crm_model); загрузите его: crm push --engine clickhouse --url {url} --demo (или ваши файлы)',
  ch_badModel: 'описание набора данных в crm_model базы «{database}» повреждено: {reason}',
};
