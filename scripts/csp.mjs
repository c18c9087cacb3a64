// The page's Content-Security-Policy, defined once: the build writes it into dist/index.html as a
// <meta http-equiv>, docs/datasets.md lists it for hosts, and test/e2e/host/csp.e2e.mjs runs the built
// app under it (as the meta tag and as a response header).

/**
 * Directive → sources. Why each one is as wide as it is:
 * - script-src: our own bundles only; 'wasm-unsafe-eval' lets DuckDB compile its WebAssembly.
 * - style-src: 'unsafe-inline' because Svelte sets `style` attributes and Observable Plot puts a
 *   <style> element in every chart's SVG; styles cannot run code.
 * - connect-src: 'self' for the wasm, the examples and data hosted next to the app; `https:`
 *   because the exact URL of a `?data=` link may be on any origin (the fetch rule in
 *   docs/datasets.md; a manifest still cannot name a third site). A host that never links data
 *   from elsewhere can send `connect-src 'self'` as a header: a header can only narrow this.
 *   Plain http only to this machine (a data server or ClickHouse on localhost, and the tests'
 *   second origin): anything else over http could be read or changed on the way.
 * - worker-src: the DuckDB and ingest workers are our own files; no blob: workers.
 * - img-src: data:/blob: for Plot's and the exports' images.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", 'https:', 'http://localhost:*', 'http://127.0.0.1:*'],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/**
 * Directives a <meta> policy cannot carry (the browser ignores them there, with a console
 * warning); a host sends them as a header.
 */
export const HEADER_ONLY_DIRECTIVES = {
  'frame-ancestors': ["'none'"],
};

/** The policy as one header/meta value. `header`: add the directives only a header can carry. */
export function cspValue({ header = false } = {}) {
  const all = header ? { ...CSP_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES } : CSP_DIRECTIVES;
  return Object.entries(all)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** The other headers a host should send (docs/datasets.md, "Security headers"). */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': cspValue({ header: true }),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Cross-origin isolation: with them the page gets `crossOriginIsolated` and DuckDB's threaded
 * `coi` build (src/engine/browser-bundles.ts). Optional; `CRM_ISOLATED=1` makes `npm start`, the dev
 * server and `vite preview` send them.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * A Vite plugin writing the policy into the built index.html. Only at build: the dev server's
 * hot reload injects inline scripts the policy would block.
 */
export function cspPlugin() {
  return {
    name: 'crm-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: cspValue() },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
