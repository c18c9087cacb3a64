import type { Dict } from './i18n.ts';
import { appRu } from './i18n/app-ru.ts';
import { fieldsRu } from './i18n/fields-ru.ts';
import { resultRu } from './i18n/result-ru.ts';
import { analysesRu } from './i18n/analyses-ru.ts';
import { libraryRu } from './i18n/library-ru.ts';
import { datasetRu } from './i18n/dataset-ru.ts';

/** Russian UI strings, typed by the English dictionary so no key is missing. */
export const ru: Dict = {
  ...appRu,
  ...fieldsRu,
  ...resultRu,
  ...analysesRu,
  ...libraryRu,
  ...datasetRu,
};
