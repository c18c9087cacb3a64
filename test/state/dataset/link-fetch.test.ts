import { describe, expect, it } from 'vitest';
import { render } from '../../../src/lib/message.ts';
import {
  fetchBlob,
  looksLikeHtml,
  MAX_LINK_BYTES,
} from '../../../src/state/dataset/links/link-fetch.ts';
import { loadLink } from '../../../src/state/dataset/links/link-loader.ts';
import {
  ManifestError,
  MAX_MANIFEST_FILES,
  parseManifest,
} from '../../../src/state/dataset/links/manifest.ts';
import { LinkGuard } from '../../../src/state/dataset/links/link-guard.ts';

const PAGE = 'https://app.example.com/reports/crm/index.html';
const SELF = new Set(['https://app.example.com']);
const none = () => undefined;

/** A Response whose `url` says where the fetch ended (a redirect), as the browser sets it. */
function at(url: string, body: BodyInit | null, init?: ResponseInit): Response {
  const res = new Response(body, init);
  Object.defineProperty(res, 'url', { value: url });
  return res;
}

/** A body of `chunks` chunks of `size` bytes; counts how many were pulled. */
function stream(chunks: number, size: number, fill = 0x41) {
  const seen = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (seen.pulled === chunks) return c.close();
      seen.pulled++;
      c.enqueue(new Uint8Array(size).fill(fill));
    },
  });
  return { body, seen };
}

describe('fetchBlob guards', () => {
  const u = new URL('https://app.example.com/data/deals.csv');

  it('reads a plain file', async () => {
    const blob = await fetchBlob(u, { maxBytes: 100, origins: SELF }, none, undefined, async () =>
      at(u.href, 'id,amount\n1,2\n', { headers: { 'content-type': 'text/csv' } }),
    );
    expect(await blob.text()).toBe('id,amount\n1,2\n');
  });

  it('refuses an HTML page by its content type, naming the URL', async () => {
    await expect(
      fetchBlob(u, { maxBytes: 1e6, origins: SELF }, none, undefined, async () =>
        at(u.href, 'id\n1\n', { headers: { 'content-type': 'text/html; charset=utf-8' } }),
      ),
    ).rejects.toThrow(/data\/deals\.csv is a web page, not a data file/);
  });

  it('refuses an HTML body served with another type (a SPA fallback)', async () => {
    for (const body of ['<!DOCTYPE html><html>…', '\uFEFF  <html lang="en">', '<HTML>\n']) {
      await expect(
        fetchBlob(u, { maxBytes: 1e6, origins: SELF }, none, undefined, async () =>
          at(u.href, body, { headers: { 'content-type': 'application/octet-stream' } }),
        ),
      ).rejects.toThrow(/is a web page/);
    }
    expect(looksLikeHtml(new TextEncoder().encode('name,<html>\n'))).toBe(false);
  });

  it('stops reading past the byte cap instead of reading the whole body', async () => {
    const { body, seen } = stream(1000, 1024);
    await expect(
      fetchBlob(u, { maxBytes: 10 * 1024, origins: SELF }, none, undefined, async () =>
        at(u.href, body),
      ),
    ).rejects.toThrow(/larger than 10 KB/);
    expect(seen.pulled).toBeLessThan(20);
  });

  it('refuses at once when Content-Length is over the cap', async () => {
    const { body, seen } = stream(10, 1024);
    await expect(
      fetchBlob(u, { maxBytes: 1024, origins: SELF }, none, undefined, async () =>
        at(u.href, body, { headers: { 'content-length': String(10 * 1024) } }),
      ),
    ).rejects.toThrow(/larger than 1\.0 KB/);
    expect(seen.pulled).toBeLessThanOrEqual(1);
  });

  it('says the cap in the language shown: «1,5 МБ» in Russian, "1.5 MB" in English', async () => {
    const err: unknown = await fetchBlob(
      u,
      { maxBytes: 1.5 * 2 ** 20, origins: SELF },
      none,
      undefined,
      async () => at(u.href, null, { headers: { 'content-length': String(2 ** 21) } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    const m = (err as ManifestError).msg;
    expect(render('ru', m)).toContain('1,5 МБ');
    expect(render('ru', m)).not.toMatch(/MB/);
    expect(render('en', m)).toContain('1.5 MB');
  });

  it('refuses a redirect to an origin nobody allowed, naming where it went', async () => {
    await expect(
      fetchBlob(u, { maxBytes: 1e6, origins: SELF }, none, undefined, async () =>
        at('https://evil.example.org/x.csv', 'id\n1\n'),
      ),
    ).rejects.toThrow(/redirected to https:\/\/evil\.example\.org\/x\.csv/);
  });

  it('caps a file at 1 GiB whatever the memory', () => {
    expect(MAX_LINK_BYTES).toBe(2 ** 30);
  });
});

describe('loadLink: origins, memory, manifests', () => {
  const OTHER = 'https://data.example.net/deals.csv';

  it('asks before fetching from another origin, and fetches nothing when declined', async () => {
    const asked: string[] = [];
    const fetched: string[] = [];
    const fetchFn = async (url: string) => (fetched.push(url), at(url, 'id\n1\n'));
    await expect(
      loadLink(OTHER, PAGE, none, {
        confirmOrigin: async (o) => (asked.push(o), false),
        fetchFn,
      }),
    ).rejects.toThrow(/data\.example\.net was not loaded: you did not allow it/);
    expect(asked).toEqual(['https://data.example.net']);
    expect(fetched).toEqual([]);
    const ds = await loadLink(OTHER, PAGE, none, { confirmOrigin: async () => true, fetchFn });
    expect(ds.files.map((f) => f.name)).toEqual(['deals.csv']);
    expect(fetched).toEqual([OTHER]);
  });

  it('does not ask for the page’s own origin', async () => {
    const ds = await loadLink('data/d.csv', PAGE, none, {
      confirmOrigin: () => Promise.reject(new Error('asked')),
      fetchFn: async (url) => at(url, 'id\n1\n'),
    });
    expect(ds.files).toHaveLength(1);
  });

  it('caps the download to what the memory budget can import', async () => {
    // 64 MiB base + 4 × bytes for CSV within a 68 MiB heap: 1 MiB of CSV fits, 2 MiB do not.
    const memory = { jsHeapSizeLimit: 68 * 2 ** 20 };
    const fetchFn = async (url: string) => at(url, stream(2 * 1024, 1024).body);
    await expect(
      loadLink('big.csv', PAGE, none, { confirmOrigin: async () => true, fetchFn, memory }),
    ).rejects.toThrow(/big\.csv is larger than 1\.0 MB/);
    const small = async (url: string) => at(url, stream(512, 1024).body);
    const ds = await loadLink('ok.csv', PAGE, none, {
      confirmOrigin: async () => true,
      fetchFn: small,
      memory,
    });
    expect(ds.files[0]!.blob.size).toBe(512 * 1024);
  });

  it('refuses a manifest naming more files than the cap', () => {
    const files = Array.from({ length: MAX_MANIFEST_FILES + 1 }, (_, i) => `f${i}.csv`);
    expect(() => parseManifest({ files })).toThrow(/at most 50 files; this one names 51/);
    expect(parseManifest({ files: files.slice(0, 50) }).files).toHaveLength(50);
  });
});

describe('LinkGuard', () => {
  it('knows a link whose load began and never ended, in this tab only', () => {
    const map = new Map<string, string>();
    const session = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    const a = new LinkGuard(session);
    a.begin('x.csv');
    // The tab crashed here: the next page of this tab sees the marker.
    const b = new LinkGuard(session);
    expect(b.crashedBefore('x.csv')).toBe(true);
    expect(b.crashedBefore('y.csv')).toBe(false);
    b.begin('x.csv');
    b.end();
    expect(new LinkGuard(session).crashedBefore('x.csv')).toBe(false);
    expect(new LinkGuard(null).crashedBefore('x.csv')).toBe(false);
  });
});
