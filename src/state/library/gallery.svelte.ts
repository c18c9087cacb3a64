/**
 * The report gallery: the presets as cards, the first-visit strip, and the "how to use this
 * report" note of the preset in use. Opening a preset replaces the spec (undoable); the result is
 * an ordinary spec that every zone can edit.
 */
import {
  PRESETS,
  presetLacks,
  resolvePreset,
  type Preset,
  type PresetId,
} from '../../crm/presets.ts';
import type { Need } from '../../crm/needs.ts';
import type { Workbench } from '../session/workbench.svelte.ts';

const STRIP_KEY = 'crm-workbench.gallery-strip';

/** localStorage, or null where it is blocked (privacy mode, sandboxed frame). */
export function pageStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The first sentence of a help text: the card's one-line explanation. */
export function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}

export class Gallery {
  /** The dialog with every preset. */
  open = $state(false);
  /** The compact strip of presets shown until a report is picked or it is closed. */
  strip = $state(true);
  /** The preset whose help note was dismissed. */
  helpDismissed = $state<string | null>(null);
  /** What the last opened preset had to leave out on this dataset. */
  dropped = $state.raw<string[]>([]);
  readonly presets: readonly Preset[] = PRESETS;
  #wb: Workbench;
  #storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(
    wb: Workbench,
    storage: Pick<Storage, 'getItem' | 'setItem'> | null = null,
    strip = true,
  ) {
    this.#wb = wb;
    this.#storage = storage;
    this.strip = strip && storage?.getItem(STRIP_KEY) !== 'hidden';
  }

  /** What this dataset lacks of what a preset needs: none until a dataset is loaded. */
  lacks(id: PresetId): Need[] {
    const catalog = this.#wb.data.catalog;
    return catalog ? presetLacks(id, catalog) : [];
  }

  /** The presets this dataset can answer, in menu order. */
  get available(): Preset[] {
    return this.presets.filter((p) => this.lacks(p.id).length === 0);
  }

  /** The presets it cannot, each with what it lacks: shown apart, never opened. */
  get unavailable(): { preset: Preset; lacks: Need[] }[] {
    return this.presets
      .map((preset) => ({ preset, lacks: this.lacks(preset.id) }))
      .filter((x) => x.lacks.length > 0);
  }

  /** The preset the current report came from, if any. */
  get current(): Preset | undefined {
    const id = this.#wb.report.spec.preset;
    return id ? this.presets.find((p) => p.id === id) : undefined;
  }

  /**
   * Whether the help note of the current preset is on screen: not over a report the data cannot
   * answer, where how to use it is no help (the not-in-data panel names the report instead).
   */
  get showHelp(): boolean {
    const p = this.current;
    return p !== undefined && this.helpDismissed !== p.id && this.#wb.run.notInData === null;
  }

  /**
   * The report opened without what the data lacks (its measures and columns `left`, by id): the
   * help note says they were left out, as it does for a preset opened on data without them.
   */
  leftOut(left: readonly string[]): void {
    this.dropped = [...left];
    this.helpDismissed = null;
  }

  /** Opens a preset with the period now chosen (presets that use one keep it). */
  apply(id: PresetId): void {
    const { data, report, view } = this.#wb;
    if (!data.catalog || !data.model || this.lacks(id).length) return;
    const { spec, dropped } = resolvePreset(id, {
      catalog: data.catalog,
      model: data.model,
      period: report.spec.period,
    });
    this.dropped = dropped;
    this.helpDismissed = null;
    view.chartValue = null;
    report.update(spec);
    this.open = false;
    this.hideStrip();
  }

  hideStrip(): void {
    this.strip = false;
    this.#storage?.setItem(STRIP_KEY, 'hidden');
  }

  dismissHelp(): void {
    this.helpDismissed = this.current?.id ?? null;
  }
}
