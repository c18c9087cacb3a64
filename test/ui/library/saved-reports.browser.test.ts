// "My reports" by keyboard: Rename puts the focus in the name's field (it fell to the page's body,
// where Escape no longer reached the dialog and Tab walked the page behind it); Escape there
// cancels the rename, not the dialog; either way the focus comes back to the row's Rename.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { flushSync, mount, unmount } from 'svelte';
import '../../../src/ui/shell/global.css';
import { Locale } from '../../../src/state/session/locale.svelte.ts';
import { Labels } from '../../../src/state/report/labels.ts';
import { ReportEditor } from '../../../src/state/report/report-editor.svelte.ts';
import { Daily } from '../../../src/state/library/daily.svelte.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';
import type { Workbench } from '../../../src/state/session/workbench.svelte.ts';
import type { Lang } from '../../../src/lib/i18n.ts';
import { memoryStorage } from '../../state/memory-storage.ts';
import SavedHost from './SavedHost.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) void unmount(app);
  app = null;
  document.body.replaceChildren();
});

function show(lang: Lang) {
  const locale = new Locale({ lang });
  const labels = new Labels({ catalog: null, currency: null }, locale);
  const report = new ReportEditor({ model: null, catalog: null }, () => {});
  report.spec = { ...defaultSpec(), measures: ['revenue'] };
  const daily = new Daily({ report } as unknown as Workbench, memoryStorage());
  daily.save('Pipeline');
  daily.savedOpen = true;
  app = mount(SavedHost, { target: document.body, props: { locale, labels, report, daily } });
  flushSync();
  const renameButton = () =>
    [...document.querySelectorAll<HTMLButtonElement>('li button')].find(
      (b) => b.textContent?.trim() === locale.t('rename'),
    );
  const field = () =>
    document.querySelector<HTMLInputElement>(`input[aria-label="${locale.t('rename')}"]`);
  return { daily, report, locale, renameButton, field };
}

describe('My reports: rename by keyboard', () => {
  for (const lang of ['en', 'ru'] as const) {
    it(`${lang}: Enter on Rename focuses the name; Escape cancels it and focus is back on Rename`, async () => {
      const { daily, renameButton, field } = show(lang);
      renameButton()!.focus();
      await userEvent.keyboard('{Enter}');
      expect(field()).not.toBeNull();
      expect(document.activeElement).toBe(field());
      await userEvent.keyboard('{Escape}');
      expect(field()).toBeNull();
      expect(daily.savedOpen).toBe(true);
      expect(document.activeElement).toBe(renameButton());
      expect(daily.reports[0]!.name).toBe('Pipeline');
    });

    it(`${lang}: a name typed and Enter renames it, and focus is back on Rename`, async () => {
      const { daily, renameButton } = show(lang);
      renameButton()!.focus();
      await userEvent.keyboard('{Enter}');
      await userEvent.keyboard('{Control>}a{/Control}Воронка Q3{Enter}');
      expect(daily.reports[0]!.name).toBe('Воронка Q3');
      expect(document.activeElement).toBe(renameButton());
    });
  }
});

describe('My reports: a name already taken', () => {
  for (const lang of ['en', 'ru'] as const) {
    it(`${lang}: another report saved under it asks in the language; declined, the saved one stays`, async () => {
      const { daily, report, locale } = show(lang);
      report.update({ ...report.spec, measures: ['deals'], title: undefined });
      flushSync();
      const ask = vi.spyOn(window, 'confirm').mockReturnValue(false);
      try {
        const name = document.querySelector<HTMLInputElement>('[data-testid="save-name"]')!;
        name.focus();
        await userEvent.keyboard('{Control>}a{/Control}Pipeline{Enter}');
        expect(ask).toHaveBeenCalledWith(locale.t('replaceConfirm', { name: 'Pipeline' }));
        expect(daily.reports.map((r) => r.spec.measures)).toEqual([['revenue']]);
      } finally {
        ask.mockRestore();
      }
    });

    it(`${lang}: renamed to another report's name, it asks; declined, the name stays to be changed`, async () => {
      const { daily, report, locale, renameButton, field } = show(lang);
      report.update({ ...report.spec, measures: ['deals'], title: undefined });
      daily.save('Other');
      flushSync();
      const ask = vi.spyOn(window, 'confirm').mockReturnValue(false);
      try {
        renameButton()!.focus();
        await userEvent.keyboard('{Enter}');
        await userEvent.keyboard('{Control>}a{/Control}Other{Enter}');
        expect(ask).toHaveBeenCalledWith(locale.t('replaceConfirm', { name: 'Other' }));
        expect(daily.reports.map((r) => r.name)).toEqual(['Pipeline', 'Other']);
        expect(document.activeElement).toBe(field());
      } finally {
        ask.mockRestore();
      }
    });
  }
});
