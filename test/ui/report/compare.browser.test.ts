// The comparison as a person picks it: by keyboard, with both of its sides named in the language
// ("Q3 2024 vs Q3 2023"), and not at all on a report that runs over one period (a funnel ignored
// "Same period last year" silently while its button showed pressed; it now runs both periods, as
// does dynamics' transition matrix).
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { flushSync, mount, unmount } from 'svelte';
import '../../../src/ui/shell/global.css';
import { Locale } from '../../../src/state/session/locale.svelte.ts';
import { ReportEditor } from '../../../src/state/report/report-editor.svelte.ts';
import type { DataSource } from '../../../src/state/session/data-source.svelte.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import type { Lang } from '../../../src/lib/i18n.ts';
import type { ReportSpec } from '../../../src/query/spec/spec.ts';
import PeriodHost from './PeriodHost.svelte';

let host: HTMLElement | null = null;
let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) void unmount(app);
  host?.remove();
  app = null;
});

function show(lang: Lang) {
  const model = { minDate: '2023-01-01', maxDate: '2024-12-31' } as DatasetModel;
  const data = { model, catalog: null } as unknown as DataSource;
  const report = new ReportEditor(data, () => {});
  const locale = new Locale({ lang });
  host = document.createElement('div');
  host.style.width = '1440px';
  document.body.append(host);
  app = mount(PeriodHost, { target: host, props: { locale, data, report } });
  flushSync();
  const button = (name: string) =>
    [...host!.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
  const range = () => host!.querySelector('[data-testid="compare-range"]')?.textContent?.trim();
  const hint = () => host!.querySelector('[data-testid="compare-hint"]')?.textContent?.trim();
  return { report, locale, button, range, hint };
}

describe('the comparison', () => {
  it('is picked by keyboard and names both sides, in English and in Russian', async () => {
    const { report, locale, button, range } = show('en');
    // Tab to "Last quarter" (Q3 2024 of data ending 2024-12-31), then to "Same period last year".
    button('All time').focus();
    for (let i = 0; i < 4; i++) await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.textContent?.trim()).toBe('Last quarter');
    await userEvent.keyboard('{Enter}');
    flushSync();
    expect(report.spec.period).toEqual({ from: '2024-07-01', to: '2024-09-30' });
    button('Previous period').focus();
    await userEvent.keyboard('{Tab}');
    await userEvent.keyboard(' ');
    flushSync();
    expect(report.spec.compare).toBe('year');
    expect(button('Same period last year').getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBe('Q3 2024 vs Q3 2023');
    report.setCompare('previous');
    flushSync();
    expect(range()).toBe('Q3 2024 vs Q2 2024');
    locale.set('ru');
    flushSync();
    expect(range()).toBe('3 кв. 2024 и 2 кв. 2024');
    report.setCompare(null);
    flushSync();
    expect(range()).toBeUndefined();
  });

  it('is picked on a funnel, which runs the earlier period beside its own; not without a period', () => {
    const { report, button, range, hint } = show('ru');
    report.update({ ...report.spec, analysis: 'funnel', options: {} } as ReportSpec);
    flushSync();
    expect(button('С тем же периодом год назад').disabled).toBe(true);
    expect(hint()).toBe('Выберите период для сравнения');
    report.setPeriod({ from: '2024-07-01', to: '2024-09-30' });
    flushSync();
    button('С тем же периодом год назад').click();
    flushSync();
    expect(report.spec.compare).toBe('year');
    expect(button('С тем же периодом год назад').getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBe('3 кв. 2024 и 3 кв. 2023');
  });

  it('is picked on dynamics and on its transition matrix, which keeps it, in both languages', () => {
    const { report, locale, button, range, hint } = show('en');
    report.setPeriod({ from: '2024-07-01', to: '2024-09-30' });
    report.update({
      ...report.spec,
      analysis: 'dynamics',
      options: { grain: 'quarter' },
    } as ReportSpec);
    flushSync();
    button('Same period last year').click();
    flushSync();
    expect(report.spec.compare).toBe('year');
    expect(range()).toBe('Q3 2024 vs Q3 2023');
    report.update({
      ...report.spec,
      options: { grain: 'quarter', view: 'transitions' },
    } as ReportSpec);
    flushSync();
    // The matrix compares its moves with the earlier range's: the buttons stay, nothing to explain.
    expect(button('Same period last year').disabled).toBe(false);
    expect(button('Same period last year').getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBe('Q3 2024 vs Q3 2023');
    expect(hint()).toBeUndefined();
    button('Previous period').click();
    flushSync();
    expect(report.spec.compare).toBe('previous');
    locale.set('ru');
    flushSync();
    expect(range()).toBe('3 кв. 2024 и 2 кв. 2024');
  });

  it('is picked on LTV, which reads each client’s earlier period beside its own', () => {
    const { report, button, range } = show('en');
    report.update({ ...report.spec, analysis: 'ltv', options: {} } as ReportSpec);
    report.setPeriod({ from: '2024-07-01', to: '2024-09-30' });
    flushSync();
    button('Same period last year').click();
    flushSync();
    expect(report.spec.compare).toBe('year');
    expect(button('Same period last year').getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBe('Q3 2024 vs Q3 2023');
  });

  it('is picked on cohorts, which set each cohort beside the one a shift earlier', () => {
    const { report, button, range } = show('ru');
    report.update({ ...report.spec, analysis: 'cohort', options: {} } as ReportSpec);
    report.setPeriod({ from: '2024-07-01', to: '2024-09-30' });
    flushSync();
    button('С тем же периодом год назад').click();
    flushSync();
    expect(report.spec.compare).toBe('year');
    expect(button('С тем же периодом год назад').getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBe('3 кв. 2024 и 3 кв. 2023');
  });

  it('cannot be picked on the forecast, which runs over one period, and says so', () => {
    const { report, button, range, hint } = show('ru');
    report.setPeriod({ from: '2024-07-01', to: '2024-09-30' });
    report.setCompare('year');
    report.update({ ...report.spec, analysis: 'forecast', options: {} } as ReportSpec);
    flushSync();
    expect(button('С тем же периодом год назад').disabled).toBe(true);
    expect(button('С предыдущим периодом').disabled).toBe(true);
    expect(button('Без сравнения').getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBeUndefined();
    expect(hint()).toBe('Этот отчёт строится за один период, без сравнения');
    // Back on a pivot, the comparison the spec kept is shown again.
    report.update({ ...report.spec, analysis: 'pivot', options: {} } as ReportSpec);
    flushSync();
    expect(button('С тем же периодом год назад').getAttribute('aria-pressed')).toBe('true');
    expect(range()).toBe('3 кв. 2024 и 3 кв. 2023');
  });
});
