import { describe, expect, it } from 'vitest';
import { linkReportName } from '../../../src/state/dataset/links/link-report-name.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';

const spec = (preset?: string) => ({ ...defaultSpec(), ...(preset ? { preset } : {}) });

describe("a link's report names in the page's language", () => {
  it("a preset named by its own title (crm publish's manifest) reads in the page's language", () => {
    const r = { name: 'Manager performance', spec: spec('managers') };
    expect(linkReportName(r, 'ru')).toBe('Эффективность менеджеров');
    expect(linkReportName(r, 'en')).toBe('Manager performance');
    const ru = { name: 'Год к году', spec: spec('compare') };
    expect(linkReportName(ru, 'en')).toBe('Year over year');
  });

  it('a name the consultant wrote stays, preset or not', () => {
    expect(linkReportName({ name: 'Q3 review', spec: spec('managers') }, 'ru')).toBe('Q3 review');
    expect(linkReportName({ name: 'Manager performance', spec: spec() }, 'ru')).toBe(
      'Manager performance',
    );
  });
});
