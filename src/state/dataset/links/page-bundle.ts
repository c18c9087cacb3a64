/**
 * The publish bundle made in the page, for data that lives only in this browser: the stored
 * files under `data/`, a manifest with their mapping and the shown report, and a README with the
 * report's link — zipped (lib/zip-write.ts) for the browser to download. Nothing leaves the page.
 * The layout is crm publish's (crm/bundle.ts) without the app: copied next to a site that serves
 * the workbench, `?data=data/manifest.json` opens the same data on the same report.
 */
import {
  bundleManifest,
  bundleReadme,
  manifestText,
  MANIFEST_PATH,
  uniqueNames,
  type BundleFile,
} from '../../../crm/bundle.ts';
import type { WorkerFile, WorkerOptions } from '../../../ingest/protocol.ts';
import type { Lang } from '../../../lib/i18n.ts';
import { zipStore } from '../../../lib/zip-write.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import { pageUrl } from '../../page/page-params.ts';

export interface PageBundle {
  /** The zip's file name. */
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** The report's link, relative to the page that serves the app next to `data/`. */
  link: string;
}

export async function pageBundle(
  dataset: { name: string; options: WorkerOptions },
  files: readonly WorkerFile[],
  report: { name: string; spec: ReportSpec },
  lang: Lang,
): Promise<PageBundle> {
  const { options } = dataset;
  const names = uniqueNames(
    files.map((f) => f.name),
    (i) => String(i + 1),
  );
  const notCarried: string[] = [];
  const bundled: BundleFile[] = files.map((f, i) => {
    // The deals file's mapping may be the import's common `map` rather than a per-file one.
    const map = options.maps?.[f.name] ?? (f.kind === 'deals' ? options.map : undefined);
    if (f.types && Object.keys(f.types).length)
      notCarried.push(`${f.name}: column types set by hand (${Object.keys(f.types).join(', ')})`);
    if (f.ignore?.length) notCarried.push(`${f.name}: ignored columns (${f.ignore.join(', ')})`);
    if (f.sheet) notCarried.push(`${f.name}: the sheet "${f.sheet}"`);
    return {
      name: names[i]!,
      ...(f.kind ? { kind: f.kind } : {}),
      ...(map ? { map: map as Record<string, string | null> } : {}),
      ...(f.encoding ? { encoding: f.encoding } : {}),
    };
  });
  if (options.stageOrder?.length) notCarried.push('the stage order set by hand');
  if (options.stageProbabilities) notCarried.push('the stage probabilities set by hand');
  const manifest = bundleManifest(dataset.name, bundled, {
    ...(options.won ? { won: options.won } : {}),
    ...(options.lost ? { lost: options.lost } : {}),
    reports: [report],
  });
  const link = pageUrl(report.spec, '', lang, MANIFEST_PATH);
  const enc = new TextEncoder();
  const entries = [
    {
      name: 'README.txt',
      bytes: enc.encode(bundleReadme(dataset.name, { app: false, link, notCarried })),
    },
    { name: MANIFEST_PATH, bytes: enc.encode(manifestText(manifest)) },
  ];
  for (const [i, f] of files.entries())
    entries.push({ name: `data/${names[i]!}`, bytes: new Uint8Array(await f.blob.arrayBuffer()) });
  const safe = dataset.name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'dataset';
  return { fileName: `${safe}-bundle.zip`, bytes: zipStore(entries), link };
}
