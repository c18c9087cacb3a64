// The period fields as a person sees them: dates written the UI language's way (the browser's own
// date input wrote mm/dd/yyyy on a Russian page), typed or stepped with the arrows, an entry that
// is not a date told inline, and the report's period (the URL's contract) still ISO dates.
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { flushSync, mount, unmount } from 'svelte';
import '../../../src/ui/shell/global.css';
import { Locale } from '../../../src/state/session/locale.svelte.ts';
import { ReportEditor } from '../../../src/state/report/report-editor.svelte.ts';
import type { DataSource } from '../../../src/state/session/data-source.svelte.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import type { Lang } from '../../../src/lib/i18n.ts';
import PeriodHost from './PeriodHost.svelte';

let host: HTMLElement | null = null;
let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) void unmount(app);
  host?.remove();
  app = null;
});

function show(lang: Lang, width = 1440) {
  const model = { minDate: '2023-01-01', maxDate: '2024-12-31' } as DatasetModel;
  const data = { model, catalog: null } as unknown as DataSource;
  const report = new ReportEditor(data, () => {});
  report.setPeriod({ from: '2024-03-05', to: '2024-03-31' });
  const locale = new Locale({ lang });
  host = document.createElement('div');
  host.style.width = `${width}px`;
  document.body.append(host);
  app = mount(PeriodHost, { target: host, props: { locale, data, report } });
  flushSync();
  const field = (name: string) =>
    host!.querySelector<HTMLInputElement>(`input[aria-label="${name}"]`)!;
  const names = lang === 'ru' ? ['С', 'По'] : ['From', 'To'];
  return { report, locale, from: field(names[0]!), to: field(names[1]!) };
}

describe('period fields', () => {
  it('write dates as the Russian UI does, дд.мм.гггг, and the English one mm/dd/yyyy', () => {
    const ru = show('ru');
    expect([ru.from.value, ru.to.value]).toEqual(['05.03.2024', '31.03.2024']);
    expect(ru.from.type).toBe('text');
    ru.locale.set('en');
    flushSync();
    expect([ru.from.value, ru.to.value]).toEqual(['03/05/2024', '03/31/2024']);
  });

  it('a typed date sets the period in ISO; arrows step it by a day', async () => {
    const { report, from, to } = show('ru');
    await userEvent.fill(from, '1.2.2024');
    await userEvent.keyboard('{Enter}');
    flushSync();
    expect(report.spec.period).toEqual({ from: '2024-02-01', to: '2024-03-31' });
    expect(from.value).toBe('01.02.2024');
    await userEvent.click(to);
    await userEvent.keyboard('{ArrowUp}');
    flushSync();
    expect(report.spec.period).toEqual({ from: '2024-02-01', to: '2024-04-01' });
    expect(to.value).toBe('01.04.2024');
  });

  it('a start typed past the end takes the end with it, and the end typed next sets it', async () => {
    // Swapped, "from 1 July" with "to 31 March" became 31 March – 1 July, and "to 30 September"
    // typed next gave 31 March – 30 September: a quarter asked for, six months shown.
    const { report, from, to } = show('ru');
    await userEvent.fill(from, '1.7.2024');
    await userEvent.keyboard('{Enter}');
    flushSync();
    expect(report.spec.period).toEqual({ from: '2024-07-01', to: '2024-07-01' });
    await userEvent.fill(to, '30.9.2024');
    await userEvent.keyboard('{Enter}');
    flushSync();
    expect(report.spec.period).toEqual({ from: '2024-07-01', to: '2024-09-30' });
    // An end typed before the start takes the start with it.
    await userEvent.fill(to, '15.6.2024');
    await userEvent.keyboard('{Enter}');
    flushSync();
    expect(report.spec.period).toEqual({ from: '2024-06-15', to: '2024-06-15' });
    expect([from.value, to.value]).toEqual(['15.06.2024', '15.06.2024']);
  });

  it('an entry that is not a date is told inline, in the language, and changes nothing', async () => {
    const { report, from } = show('ru');
    await userEvent.fill(from, '31.02.2024');
    await userEvent.keyboard('{Enter}');
    flushSync();
    expect(report.spec.period).toEqual({ from: '2024-03-05', to: '2024-03-31' });
    expect(from.getAttribute('aria-invalid')).toBe('true');
    const alert = host!.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe('Не дата; введите дд.мм.гггг');
    expect(from.getAttribute('aria-describedby')).toBe(alert.id);
    // The message sits under its field, not over the other one.
    const a = alert.getBoundingClientRect();
    const f = from.getBoundingClientRect();
    expect(a.top).toBeGreaterThanOrEqual(f.bottom - 0.5);
  });

  it('at 768 px both fields and their calendar buttons fit, the dates uncut', () => {
    const { from, to } = show('ru', 768);
    for (const input of [from, to]) {
      expect(input.scrollWidth, input.value).toBeLessThanOrEqual(input.clientWidth);
      const r = input.getBoundingClientRect();
      expect(r.right).toBeLessThanOrEqual(768);
    }
    const buttons = host!.querySelectorAll('button[aria-label^="Выбрать в календаре"]');
    expect(buttons.length).toBe(2);
  });
});
