import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * The browser app: `npm run build:web` writes dist/web/ (served by the hub's web server and from S3 +
 * CloudFront in AWS); `npm run dev:web` serves it on 127.0.0.1 with `/v1` proxied to the hub's HTTP API
 * and `/config.json` to the hub's web server (both started by `npm start`).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Script and styles as files only: the CSP allows neither inline script nor inline style.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    proxy: {
      '/v1': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/config.json': { target: 'http://127.0.0.1:3001', changeOrigin: false },
    },
  },
  preview: { host: '127.0.0.1' },
});
