import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { resolvePreset } from '../../../src/crm/presets.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { generateDemo } from '../../../src/demo/index.ts';
import { LargeReportGuard } from '../../../src/state/report/large-guard.ts';

const { model } = generateDemo({ deals: 200 });
const catalog = buildCatalog(model);
const { spec } = resolvePreset('won-size', { catalog, model });
const query = compileReport(spec, catalog);

describe('LargeReportGuard', () => {
  it('holds back a pivot estimated above the limit', async () => {
    const guard = new LargeReportGuard(10);
    const big = async () => tableFromArrays({ d0: Float64Array.from([1000]) });
    expect(await guard.check(query, spec, catalog, big)).toBeGreaterThan(10);
  });

  it('an estimate the engine cannot run does not block the report (best effort)', async () => {
    const guard = new LargeReportGuard(10);
    const refuses = () => Promise.reject(new Error('Unknown function approx_count_distinct'));
    expect(await guard.check(query, spec, catalog, refuses)).toBeNull();
  });
});
