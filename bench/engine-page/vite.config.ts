// Builds bench/engine-page into bench/out/engine-page (see main.ts); `npm run bench` runs it.
import { defineConfig } from 'vite';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: './',
  logLevel: 'error',
  build: {
    target: 'es2022',
    outDir: new URL('../out/engine-page', import.meta.url).pathname,
    emptyOutDir: true,
  },
  worker: { format: 'es' },
});
