// "Add files…" ends on the mapping screen whose button read "Import" / «Загрузить», though it adds
// the files to the dataset shown and keeps it. Its button, title and progress now say adding, in
// the words of the drop's Add/Replace choice, in both languages.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/lib/i18n.ts';
import { importWords } from '../../../src/ui/dataset/import-words.ts';

describe('the import dialog’s words', () => {
  it('say adding when files are added to the dataset shown', () => {
    const add = importWords(true);
    expect(t('en', add.action)).toBe('Add to this dataset');
    expect(t('ru', add.action)).toBe('Добавить к этому набору');
    // The same words as the choice a drop on the page offers.
    for (const lang of ['en', 'ru'] as const) expect(t(lang, add.action)).toBe(t(lang, 'dropAdd'));
    expect([t('en', add.busy), t('ru', add.busy)]).toEqual([
      'Adding the files…',
      'Добавление файлов…',
    ]);
    expect([t('en', add.title), t('ru', add.title)]).toEqual(['Add files…', 'Добавить файлы…']);
    for (const key of Object.values(add)) {
      expect(t('en', key)).not.toMatch(/import/i);
      expect(t('ru', key)).not.toMatch(/загруз|импорт/i);
    }
  });

  it('keep "Import" for an import', () => {
    const words = importWords(false);
    expect([t('en', words.action), t('ru', words.action)]).toEqual(['Import', 'Загрузить']);
    expect(t('en', words.busy)).toBe('Importing…');
  });
});
