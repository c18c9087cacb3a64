/**
 * One fetch of a linked file, bounded: a link is untrusted input, so the bytes it may bring are
 * capped (streamed, stopped past the cap instead of filling the tab), a static host's HTML
 * fallback page is refused instead of imported as a one-column CSV, and a redirect may not carry
 * the request to an origin nobody agreed to.
 */
import { bytes, msg } from '../../../lib/message.ts';
import { ManifestError } from './manifest.ts';

export interface FetchProgress {
  url: string;
  received: number;
  /** From Content-Length, when the server sends it. */
  total: number | null;
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** No linked file is read past this, whatever the memory budget says. */
export const MAX_LINK_BYTES = 2 ** 30;

export interface FetchLimits {
  /** Bytes this file may have; past it the download stops with a message. */
  maxBytes: number;
  /** Origins a redirect may end on (the page's, and the one the user agreed to). */
  origins: ReadonlySet<string>;
}

const HEAD = 256;
const HTML_START = /^\s*<(!doctype\s+html|html[\s>])/i;

/** Whether the first bytes of a body are an HTML page (a BOM and leading blanks allowed). */
export function looksLikeHtml(head: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(head.subarray(0, HEAD)).replace(/^\uFEFF/, '');
  return HTML_START.test(text);
}

function concatHead(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(HEAD);
  let n = 0;
  for (const p of parts) {
    if (n >= HEAD) break;
    const take = p.subarray(0, HEAD - n);
    out.set(take, n);
    n += take.length;
  }
  return out.subarray(0, n);
}

/** Fetches `url` into a Blob under `limits`, reporting progress; clear errors for every refusal. */
export async function fetchBlob(
  url: URL,
  limits: FetchLimits,
  onProgress: (p: FetchProgress) => void,
  signal?: AbortSignal,
  fetchFn: Fetch = fetch,
): Promise<Blob> {
  let res: Response;
  try {
    res = await fetchFn(url.href, { signal, credentials: 'same-origin' });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ManifestError(
      msg('link_fetch', { url: url.href, reason: e instanceof Error ? e.message : String(e) }),
    );
  }
  // `res.url` is empty for responses made in tests or by service workers: nothing moved then.
  if (res.url) {
    const final = new URL(res.url);
    if (!limits.origins.has(final.origin)) {
      await res.body?.cancel().catch(() => undefined);
      throw new ManifestError(msg('link_redirect', { url: url.href, to: final.href }));
    }
  }
  if (!res.ok)
    throw new ManifestError(
      msg('link_http', { url: url.href, status: `${res.status} ${res.statusText}`.trim() }),
    );
  const type = res.headers.get('content-type') ?? '';
  if (/^\s*text\/html\b/i.test(type) || /^\s*application\/xhtml\+xml\b/i.test(type)) {
    await res.body?.cancel().catch(() => undefined);
    throw new ManifestError(msg('link_html', { url: url.href }));
  }
  const total = Number(res.headers.get('content-length')) || null;
  const tooBig = () =>
    new ManifestError(msg('link_tooBig', { url: url.href, max: bytes(limits.maxBytes) }));
  if (total !== null && total > limits.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  const parts: Uint8Array[] = [];
  let received = 0;
  // The body's start is looked at once enough of it has come (a first chunk may be one byte).
  let headChecked = false;
  const htmlHead = () => {
    headChecked = true;
    return looksLikeHtml(concatHead(parts));
  };
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      parts.push(value);
      if (!headChecked && received >= HEAD && htmlHead()) {
        await reader.cancel().catch(() => undefined);
        throw new ManifestError(msg('link_html', { url: url.href }));
      }
      if (received > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooBig();
      }
      onProgress({ url: url.href, received, total });
    }
  } else {
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > limits.maxBytes) throw tooBig();
    parts.push(bytes);
  }
  if (!headChecked && htmlHead()) throw new ManifestError(msg('link_html', { url: url.href }));
  return new Blob(parts as BlobPart[], { type });
}
