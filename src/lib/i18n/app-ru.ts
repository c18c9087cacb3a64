import type { appEn } from './app-en.ts';

/** Russian UI strings of the same part, typed by the English one so no key is missing. */
export const appRu: Record<keyof typeof appEn, string> = {
  appTitle: 'CRM-аналитика',
  skipToTable: 'Перейти к таблице',
  skipToDashboard: 'Перейти к дашборду',
  tagline: 'Работает в браузере: данные не покидают вкладку',
  language: 'Язык',
  demoData: 'Демо-данные',
  statusEngine: 'Запуск движка базы данных…',
  statusDataset: 'Генерация демо-данных…',
  statusRunning: 'Выполняется…',
  statusReady: 'Готово',
  statusError: 'Ошибка',
  statusIdle: 'Добавьте показатель, чтобы построить отчёт',
  rowsCount: 'строк: {n:number}',
  rowsFromHead:
    'строк: ≈{n:number} (оценка по первым {head} из {total}; весь файл проверяется при импорте)',
  tableRows: '{n:number} {n|строка|строки|строк}',
  tableRowsCells: '{n:number} {n|строка|строки|строк} · {cells:number} {cells|ячейка|ячейки|ячеек}',
  queryTime: '{ms} мс',
  errorTitle: 'Отчёт не выполнился',
  retry: 'Повторить',
  dismiss: 'Скрыть',
};
