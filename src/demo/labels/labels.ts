/**
 * English and Russian text of the demo. Every list is index-aligned with `world.ts` and has the
 * same length in both languages, so switching language changes labels and nothing else.
 */
import type { Lang } from '../../lib/i18n.ts';
import { en } from './labels-en.ts';
import { ru } from './labels-ru.ts';

export interface DemoLabels {
  name: string;
  currency: string;
  pipelines: readonly string[];
  /** Per pipeline: its open stages, then the won stage, then the lost stage. */
  stages: readonly (readonly string[])[];
  sources: readonly string[];
  lostReasons: readonly string[];
  /** The activities' types, index-aligned with `ACTIVITY_TYPES` (call, email, meeting, task). */
  activityTypes: readonly string[];
  departments: readonly string[];
  levels: readonly string[];
  managers: readonly string[];
  regions: readonly string[];
  cities: readonly string[];
  industries: readonly string[];
  clientTypes: readonly [company: string, individual: string];
  clientStatuses: readonly [active: string, lapsed: string, prospect: string];
  products: readonly string[];
  categories: readonly string[];
  campaigns: readonly string[];
  companyRoots: readonly string[];
  companyNouns: readonly string[];
  legalForms: readonly string[];
  company(root: string, noun: string, form: string): string;
  maleFirst: readonly string[];
  femaleFirst: readonly string[];
  /** Surnames in their masculine form; `female` derives the feminine one where the language has it. */
  surnames: readonly string[];
  female(surname: string): string;
}

/** The demo's text in one language. */
export function demoLabels(lang: Lang): DemoLabels {
  return lang === 'ru' ? ru : en;
}
