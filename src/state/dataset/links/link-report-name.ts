/**
 * The name a report of a link's manifest is listed under. `crm publish` names a preset's report
 * by the preset's English title (a manifest has one name per report), so a Russian page listed
 * "Manager performance"; a name that is the preset's own title in either language is shown in the
 * page's language. A name the consultant wrote is theirs and stays as written.
 */
import { PRESETS } from '../../../crm/presets.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import type { Lang } from '../../../lib/i18n.ts';

export function linkReportName(r: { name: string; spec: ReportSpec }, lang: Lang): string {
  const preset = PRESETS.find((p) => p.id === r.spec.preset);
  if (!preset) return r.name;
  const own = Object.values(preset.title).some((t) => t === r.name.trim());
  return own ? preset.title[lang] : r.name;
}
