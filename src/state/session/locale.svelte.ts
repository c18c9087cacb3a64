/**
 * The UI language: which one (the page's `?lang=`, else the one chosen last time, else the
 * browser's), its translator, and remembering a switch.
 */
import { LANGS, preferredLang, translator, type Lang, type Translate } from '../../lib/i18n.ts';

const LANG_KEY = 'crm-workbench.lang';

export interface LocaleDeps {
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** The browser's languages, most preferred first. */
  languages?: readonly string[];
  /** A language that wins over the saved one (the page's `?lang=`). */
  lang?: Lang | null;
}

export class Locale {
  lang = $state<Lang>('en');
  readonly t: Translate = $derived(translator(this.lang));
  #storage: LocaleDeps['storage'];

  constructor(deps: LocaleDeps = {}) {
    this.#storage = deps.storage;
    const saved = deps.storage?.getItem(LANG_KEY);
    this.lang =
      deps.lang ??
      (LANGS.includes(saved as Lang) ? (saved as Lang) : preferredLang(deps.languages ?? []));
  }

  /** Switches and remembers the language; false when it already was that one. */
  set(lang: Lang): boolean {
    if (lang === this.lang) return false;
    this.lang = lang;
    this.#storage?.setItem(LANG_KEY, lang);
    return true;
  }
}
