/**
 * `?data=<url>`: fetches one data file, or a manifest and the files it names, under the fetch
 * rule of manifest.ts. Returns what importFiles needs; reports bytes received as it goes.
 */
import { msg } from '../../../lib/message.ts';
import { fetchBlob, MAX_LINK_BYTES, type Fetch, type FetchProgress } from './link-fetch.ts';
import { bytesLeft, type MemoryEnv } from '../memory.ts';
import type { WorkerFile, WorkerOptions } from '../../../ingest/protocol.ts';
import {
  allowedUrl,
  fileNameOf,
  isManifest,
  ManifestError,
  parseManifest,
  type Manifest,
} from './manifest.ts';

export interface LinkDataset {
  name: string;
  files: WorkerFile[];
  options: WorkerOptions;
  manifest: Manifest | null;
}

export interface LinkOptions {
  /**
   * Asked before anything is fetched from an origin other than the page's (the host is named to
   * the user); false refuses the link.
   */
  confirmOrigin: (origin: string) => Promise<boolean>;
  /** What the browser tells of its memory: linked files are capped to what it can import. */
  memory?: MemoryEnv;
  signal?: AbortSignal;
  fetchFn?: Fetch;
}

/** Loads what a `data` link names. `page` is the page's URL (location.href). */
export async function loadLink(
  data: string,
  page: string,
  onProgress: (p: FetchProgress) => void,
  opts: LinkOptions,
): Promise<LinkDataset> {
  const { signal, fetchFn = fetch, memory = {} } = opts;
  const url = allowedUrl(data, page, page, data);
  const origins = new Set([new URL(page).origin]);
  if (!origins.has(url.origin)) {
    if (!(await opts.confirmOrigin(url.origin)))
      throw new ManifestError(msg('link_declined', { url: url.href, host: url.host }));
    origins.add(url.origin);
  }
  // Each file is capped by what is left of the memory budget after the files before it.
  const got: { name: string; size: number }[] = [];
  const get = async (u: URL, name: string) => {
    const maxBytes = Math.min(MAX_LINK_BYTES, bytesLeft(got, name, memory));
    const b = await fetchBlob(u, { maxBytes, origins }, onProgress, signal, fetchFn);
    got.push({ name, size: b.size });
    return b;
  };
  const blob = await get(url, fileNameOf(url));
  const name = fileNameOf(url);
  let json: unknown = null;
  if (/\.json$/i.test(url.pathname) || blob.type.includes('json')) {
    try {
      json = JSON.parse(await blob.text());
    } catch (e) {
      if (/\.json$/i.test(url.pathname) && !/^\s*\[/.test(await blob.slice(0, 64).text()))
        throw new ManifestError(
          msg('link_fileNotJson', { name, reason: e instanceof Error ? e.message : String(e) }),
        );
    }
  }
  if (!isManifest(json)) {
    return {
      name: name.replace(/\.[^.]+$/, ''),
      files: [{ name, blob }],
      options: {},
      manifest: null,
    };
  }
  const manifest = parseManifest(json, name.replace(/\.[^.]+$/, ''));
  const files: WorkerFile[] = [];
  const maps: NonNullable<WorkerOptions['maps']> = {};
  const seen = new Set<string>();
  for (const f of manifest.files) {
    const u = allowedUrl(f.url, url.href, page, data);
    let fname = fileNameOf(u);
    for (let k = 2; seen.has(fname); k++) fname = `${k}-${fileNameOf(u)}`;
    seen.add(fname);
    const b = await get(u, fname);
    files.push({
      name: fname,
      blob: b,
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.encoding ? { encoding: f.encoding } : {}),
    });
    if (f.map) maps[fname] = f.map as NonNullable<WorkerOptions['maps']>[string];
  }
  const options: WorkerOptions = {};
  if (Object.keys(maps).length) options.maps = maps;
  if (manifest.won) options.won = manifest.won;
  if (manifest.lost) options.lost = manifest.lost;
  return { name: manifest.name, files, options, manifest };
}
