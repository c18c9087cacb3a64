// A dialog's title is read whole: the drill-down's ("Выручка, 3 кв. 2024 · manager · source
// (за 3 кв. 2024)") ended in "…" at 768 px, squeezed by its tools. It now wraps over two or three
// lines, the tools and the close button beside its first line, the list below, all on screen.
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createRawSnippet, flushSync, mount, unmount } from 'svelte';
import '../../../src/ui/shell/global.css';
import Modal from '../../../src/ui/common/Modal.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) void unmount(app);
  app = null;
  document.body.replaceChildren();
});

const TITLES = {
  ru: 'Строки за значением: Выручка, предыдущий период · 3 кв. 2025 · Елизавета Константинопольская · Рекомендации постоянных партнёров (за 3 кв. 2024)',
  en: 'Rows behind the value: Revenue, previous · Q3 2025 · Elizabeth Constantinople-Shcherbakova · Recommendations of long-standing partners (from Q3 2024)',
};
const TOOLS = {
  ru: ['1 234 сделки', 'CSV', 'CSV для Excel (;)', 'XLSX'],
  en: ['1,234 deals', 'CSV', 'CSV for Excel (;)', 'XLSX'],
};

function open(lang: 'en' | 'ru') {
  const [count, ...buttons] = TOOLS[lang];
  app = mount(Modal, {
    target: document.body,
    props: {
      title: TITLES[lang],
      wide: true,
      closeLabel: 'close',
      onclose: () => {},
      actions: createRawSnippet(() => ({
        render: () =>
          `<span>${count}${buttons.map((b) => `<button type="button">${b}</button>`).join('')}</span>`,
      })),
      children: createRawSnippet(() => ({
        render: () => '<table class="list"><tr><td>d1</td></tr></table>',
      })),
    },
  });
  flushSync();
}

describe('a dialog title', () => {
  for (const width of [768, 1440])
    for (const lang of ['en', 'ru'] as const)
      it(`is whole at ${width} px in ${lang}, its close button and list on screen`, async () => {
        await page.viewport(width, 900);
        open(lang);
        const h2 = document.querySelector<HTMLElement>('.dialog h2')!;
        const style = getComputedStyle(h2);
        expect(h2.textContent).toBe(TITLES[lang]);
        // Nothing cut: every character is laid out inside the heading's box.
        expect(style.textOverflow).not.toBe('ellipsis');
        expect(h2.scrollWidth).toBeLessThanOrEqual(h2.clientWidth + 1);
        const lines = Math.round(h2.getBoundingClientRect().height / parseFloat(style.lineHeight));
        expect(lines).toBeGreaterThanOrEqual(width === 768 ? 2 : 1);
        expect(lines).toBeLessThanOrEqual(3);
        const close = document
          .querySelector<HTMLElement>('.dialog .close')!
          .getBoundingClientRect();
        expect(close.right).toBeLessThanOrEqual(window.innerWidth);
        expect(close.top).toBeLessThan(
          h2.getBoundingClientRect().top + parseFloat(style.lineHeight),
        );
        const list = document.querySelector<HTMLElement>('.dialog .list')!.getBoundingClientRect();
        expect(list.top).toBeLessThan(window.innerHeight);
        expect(list.top).toBeGreaterThanOrEqual(h2.getBoundingClientRect().bottom);
      });
});

// Tab walked out of an open dialog into the page behind its backdrop ("My reports": name, Save,
// Export, Import, then the skip link and the header underneath), where Escape no longer closed it.
describe('a dialog keeps Tab inside', () => {
  function openWithPage() {
    const behind = document.createElement('button');
    behind.textContent = 'behind';
    document.body.append(behind);
    app = mount(Modal, {
      target: document.body,
      props: {
        title: 'My reports',
        closeLabel: 'close',
        onclose: () => {},
        children: createRawSnippet(() => ({
          render: () =>
            '<div><input data-testid="name" /><button type="button">Save</button><button type="button" disabled>Export</button><input type="file" tabindex="-1" /></div>',
        })),
      },
    });
    flushSync();
    const close = document.querySelector<HTMLElement>('.dialog .close')!;
    const save = [...document.querySelectorAll<HTMLElement>('.dialog button')].find(
      (b) => b.textContent === 'Save',
    )!;
    return { behind, close, save };
  }

  it('Tab from its last control goes to its first', async () => {
    const { close, save } = openWithPage();
    save.focus();
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(close);
  });

  it('Shift+Tab from its first control goes to its last', async () => {
    const { close, save } = openWithPage();
    close.focus();
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(document.activeElement).toBe(save);
  });

  it('Tab within it moves as usual', async () => {
    const { close } = openWithPage();
    close.focus();
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(document.querySelector('[data-testid="name"]'));
  });
});
