/**
 * `crm publish`: a folder a consultant puts on any static host — the built app, the data files and
 * a manifest with the saved reports — that opens straight on that dataset and its first report.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { PRESETS, presetLacks, resolvePreset } from '../crm/presets.ts';
import { needsParam } from '../crm/needs.ts';
import { MessageError, msg, plain } from '../lib/message.ts';
import { buildCatalog } from '../crm/catalog.ts';
import { compileReport } from '../crm/report.ts';
import { createCliEngine } from './engine.ts';
import { validateSpec } from '../query/spec/validate.ts';
import type { ReportSpec } from '../query/spec/spec.ts';
import { FILE_KIND, UsageError, optionError, type FileOption, type ReportArgs } from './args.ts';
import { loadData } from './load.ts';
import { readJsonFile } from './files.ts';
import { importNotes } from './output.ts';
import { ISOLATION_HEADERS, SECURITY_HEADERS } from '../../scripts/csp.mjs';
import {
  bundleManifest,
  bundleReadme,
  manifestText,
  MANIFEST_PATH,
  uniqueNames,
  type BundleFile,
} from '../crm/bundle.ts';

export { dataUrl } from '../crm/bundle.ts';

export interface PublishArgs {
  out: string;
  name: string | null;
  /** Saved report spec files (`--report FILE`, repeatable via commas). */
  reports: string[];
  /** Preset ids to include as reports (`--presets a,b`). */
  presets: string[];
  data: ReportArgs;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The build's environment: Vite keeps a NODE_ENV it finds, and with `development` (a developer's
 * shell) or `test` (vitest) it writes Svelte's dev build, whose warnings reach the client's console.
 */
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_ENV: 'production' };
}

/** Builds the site if there is no dist/ yet (the bundle ships exactly what `npm run build` makes). */
function ensureBuilt(root: string): string {
  const dist = join(root, 'dist');
  // Tests that have just built the site say so, instead of building it twice.
  if (process.env.CRM_PUBLISH_USE_DIST === '1') return dist;
  const r = spawnSync(
    join(root, 'node_modules/.bin/vite'),
    ['build', '--base', './', '--logLevel', 'error'],
    {
      cwd: root,
      env: buildEnv(process.env),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) throw new MessageError(msg('cli_buildFailed'));
  return dist;
}

/**
 * Loads the data once in Node so every report is known to run before it is published; `notes`:
 * what the import left out or changed and what a preset left out, as `crm report` prints them
 * (a file of the bundle that the import does not load must not pass without a word).
 */
async function checkedReports(
  args: PublishArgs,
): Promise<{ reports: { name: string; spec: ReportSpec }[]; notes: string[] }> {
  const engine = await createCliEngine(args.data);
  try {
    const { model, report } = await loadData(engine, args.data);
    const catalog = buildCatalog(model);
    const out: { name: string; spec: ReportSpec }[] = [];
    const notes = report ? importNotes(report, args.data.lang) : [];
    // The consultant's own reports first: the site opens on the first.
    for (const file of args.reports) {
      const spec = validateSpec(await readJsonFile('--report', file));
      out.push({ name: spec.title ?? basename(file, '.json'), spec });
    }
    for (const id of args.presets) {
      const preset = PRESETS.find((p) => p.id === id);
      if (!preset) throw optionError('presets', msg('cli_unknownPresetShort', { id }));
      // Its query would run, but the client's site would open on "not in this data" instead.
      const lacks = presetLacks(preset.id, catalog);
      if (lacks.length)
        throw optionError(
          'presets',
          msg('presetUnavailable', { preset: id, needs: needsParam(lacks) }),
        );
      const { spec, dropped } = resolvePreset(preset.id, { catalog, model });
      if (dropped.length)
        notes.push(
          plain(args.data.lang, msg('note_presetDropped', { preset: id, fields: dropped })),
        );
      out.push({ name: preset.title.en, spec });
    }
    for (const r of out) {
      const compiled = compileReport(r.spec, catalog);
      for (const t of compiled.prepare ?? []) await engine.exec(t.sql);
      await engine.query(compiled.sql); // fails loudly here, not on the client's site
    }
    return { reports: out, notes };
  } finally {
    await engine.close();
  }
}

/** Writes the site; resolves to its folder and the notes for stderr. */
export async function publish(
  args: PublishArgs,
  root: string,
): Promise<{ out: string; notes: string[] }> {
  const out = resolve(args.out);
  if (await exists(join(out, 'index.html'))) {
    throw new UsageError(
      msg('cli_fileAt', { option: '--out', path: args.out, problem: msg('cli_holdsSite') }),
    );
  }
  const files: [FileOption | 'lookup' | 'file', string][] = [
    ...(Object.entries(args.data.files) as [FileOption, string][]),
    ...args.data.detect.map((path): ['file', string] => ['file', path]),
    ...args.data.lookups.map((path): ['lookup', string] => ['lookup', path]),
  ];
  if (!files.some(([k]) => k === 'deals' || k === 'file'))
    throw new UsageError(msg('cli_publishDeals'));
  const { reports, notes } = await checkedReports(args);

  const dist = ensureBuilt(root);
  await mkdir(out, { recursive: true });
  // The bundle carries its own data; the app's example dataset stays out.
  await cp(dist, out, {
    recursive: true,
    filter: (src) => !src.startsWith(join(dist, 'examples')),
  });
  await mkdir(join(out, 'data'), { recursive: true });

  const names = uniqueNames(
    files.map(([, path]) => basename(path)),
    (i) => files[i]![0],
  );
  const bundled: BundleFile[] = [];
  for (const [i, [option, path]] of files.entries()) {
    const name = names[i]!;
    await copyFile(path, join(out, 'data', name));
    const map = Object.fromEntries(
      args.data.map.filter((m) => m.table === option).map((m) => [m.role, m.column]),
    );
    // A `--file` goes without a kind: the page detects and links it as the import in Node did.
    const kind = option === 'file' ? undefined : option === 'lookup' ? 'lookup' : FILE_KIND[option];
    bundled.push({ name, ...(kind ? { kind } : {}), map });
  }
  const first = args.data.files.deals ?? args.data.detect[0]!;
  const manifest = bundleManifest(args.name ?? basename(first), bundled, {
    won: args.data.won,
    lost: args.data.lost,
    reports,
  });
  await writeFile(join(out, MANIFEST_PATH), manifestText(manifest));

  // Open on the bundled dataset without any parameter in the link.
  const indexPath = join(out, 'index.html');
  const html = await readFile(indexPath, 'utf8');
  await writeFile(
    indexPath,
    html.replace('<head>', `<head>\n    <meta name="crm-data" content="${MANIFEST_PATH}" />`),
  );
  await writeFile(
    join(out, 'README.txt'),
    bundleReadme(manifest.name, {
      app: true,
      headers: { security: SECURITY_HEADERS, isolation: ISOLATION_HEADERS },
    }),
  );
  return { out, notes };
}
