/**
 * English UI strings: the reference dictionary (its keys type every other language), composed of
 * one part per feature in `i18n/` (each Russian part is typed by its English one).
 */
import { appEn } from './i18n/app-en.ts';
import { fieldsEn } from './i18n/fields-en.ts';
import { resultEn } from './i18n/result-en.ts';
import { analysesEn } from './i18n/analyses-en.ts';
import { libraryEn } from './i18n/library-en.ts';
import { datasetEn } from './i18n/dataset-en.ts';

export const en = {
  ...appEn,
  ...fieldsEn,
  ...resultEn,
  ...analysesEn,
  ...libraryEn,
  ...datasetEn,
} as const;
