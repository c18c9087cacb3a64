/**
 * The publish bundle's layout, shared by `crm publish` (cli/publish.ts, a folder with the built
 * app) and the page's "Download a publish bundle" (state/dataset/links/page-bundle.ts, a zip of the
 * data for a site that already serves the app): the data files under `data/`, a manifest naming
 * them with their mapping and reports (docs/datasets.md), and a README. Pure.
 */
import type { TableKind } from './vocabulary.ts';

/** Where the manifest sits in a bundle, and the `data=` that opens it. */
export const MANIFEST_PATH = 'data/manifest.json';

/** A data file's URL in the manifest: `#`, `%`, `?` and spaces in a file name would cut or change a raw one. */
export function dataUrl(fileName: string): string {
  return encodeURIComponent(fileName);
}

/** Names for the files under `data/`: a name taken already gets `prefix(i)` in front. */
export function uniqueNames(names: readonly string[], prefix: (i: number) => string): string[] {
  const used = new Set<string>();
  return names.map((n, i) => {
    let name = n;
    while (used.has(name)) name = `${prefix(i)}-${name}`;
    used.add(name);
    return name;
  });
}

export interface BundleFile {
  /** The file's name under `data/`. */
  name: string;
  kind?: TableKind;
  /** role → column header (null: the role is not mapped). */
  map?: Record<string, string | null>;
  encoding?: string;
}

export interface BundleManifest {
  name: string;
  files: {
    url: string;
    kind?: TableKind;
    map?: Record<string, string | null>;
    encoding?: string;
  }[];
  won?: string[];
  lost?: string[];
  reports?: { name: string; spec: unknown }[];
}

/** The manifest of a bundle (the format manifest.ts reads). */
export function bundleManifest(
  name: string,
  files: readonly BundleFile[],
  opts: { won?: string[]; lost?: string[]; reports?: { name: string; spec: unknown }[] } = {},
): BundleManifest {
  return {
    name,
    files: files.map((f) => ({
      url: dataUrl(f.name),
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.map && Object.keys(f.map).length ? { map: f.map } : {}),
      ...(f.encoding ? { encoding: f.encoding } : {}),
    })),
    ...(opts.won?.length ? { won: opts.won } : {}),
    ...(opts.lost?.length ? { lost: opts.lost } : {}),
    ...(opts.reports?.length ? { reports: opts.reports } : {}),
  };
}

/** The manifest as written: two-space JSON and a final newline. */
export function manifestText(m: BundleManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/**
 * The bundle's README. `app`: the folder holds the built app (crm publish); otherwise it is the
 * data alone, to copy next to a site that serves the app, opened by `link`.
 */
export function bundleReadme(
  name: string,
  o: {
    app: boolean;
    link?: string;
    notCarried?: string[];
    /** With the app: the headers a host should send on every file, then the optional pair. */
    headers?: { security: Record<string, string>; isolation: Record<string, string> };
  },
) {
  const lines = [`${name} — CRM Workbench bundle`, ''];
  const header = ([k, v]: [string, string]) => `    ${k}: ${v}`;
  if (o.app) {
    lines.push(
      'Put this folder on any static web host (any sub-path works) and open index.html over http(s).',
      'The data in data/ is read by the browser; nothing is sent anywhere.',
      'Serve .wasm files as application/wasm, compressed (gzip or brotli).',
    );
    // Whoever hosts the folder has this file, not the project's docs/datasets.md.
    if (o.headers)
      lines.push(
        '',
        'Send these headers with every file of the folder (index.html carries the same policy',
        'in a <meta> tag; only a header can forbid framing and cover the workers):',
        ...Object.entries(o.headers.security).map(header),
        '',
        "Optional: with this pair the page runs DuckDB's threaded build (it pays with many cores;",
        'the start is slower; data linked from another site then needs Cross-Origin-Resource-Policy):',
        ...Object.entries(o.headers.isolation).map(header),
        '',
      );
  } else {
    lines.push(
      'Copy the data/ folder next to the index.html of a site that serves CRM Workbench (or into the',
      'folder `crm publish` writes), then open the report from that page with this link:',
      '',
      `    ${o.link ?? `?data=${MANIFEST_PATH}`}`,
      '',
      'The data in data/ is read by the browser; nothing is sent anywhere.',
    );
  }
  lines.push(
    'To replace the data, edit data/manifest.json (format: docs/datasets.md of the project).',
  );
  if (o.notCarried?.length)
    lines.push(
      '',
      'Not carried by the manifest (set again on the mapping screen if they matter):',
      ...o.notCarried.map((x) => `  - ${x}`),
    );
  lines.push('');
  return lines.join('\n');
}
