import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';
import { precompress } from './precompress.ts';

/**
 * The installable app: a web manifest and a Workbox service worker (`/sw.js`, registered in
 * main.tsx) that precaches the app shell only — HTML, JS, CSS, icons. It has no runtime caching:
 * /trpc, /upload and every other request go to the network untouched, so no answer (personal data)
 * ever lands in the service worker's cache. Navigations get the precached index.html, so a reload
 * without network still opens the app. See "Offline and the service worker" in docs/architecture.md.
 */
const pwaOptions: Partial<VitePWAOptions> = {
  strategies: 'generateSW',
  filename: 'sw.js',
  // main.tsx registers /sw.js itself (production builds only): no inline script (CSP), no workbox-window.
  injectRegister: false,
  registerType: 'autoUpdate',
  includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
  manifest: {
    name: '振兴 · 乡村振兴综合管理平台',
    short_name: '振兴',
    description: '乡村振兴综合管理平台 / Zhenxing rural revitalization admin',
    lang: 'zh-CN',
    dir: 'ltr',
    id: '/',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    theme_color: '#0f2a4f',
    background_color: '#ffffff',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    // The lazily loaded chart chunk (ECharts) is the largest file; precache it too so every page opens offline.
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    navigateFallback: 'index.html',
    // Never answer these with the app shell: they are the API, uploads and probes.
    navigateFallbackDenylist: [/^\/trpc/, /^\/api/, /^\/upload/, /^\/healthz/, /^\/readyz/],
    runtimeCaching: [],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
  },
};

/**
 * `vite` (dev, proxying /trpc and /upload to the server on :3000), `vite build` (dist/, served by the server),
 * `vite build --mode e2e` (dist-e2e/, with the e2e fixture's web plugin compiled in).
 */
export default defineConfig(({ mode }) => {
  const e2e = mode === 'e2e';
  return {
    // precompress() last: it compresses what the others wrote (the service worker included).
    plugins: [react(), VitePWA(pwaOptions), precompress()],
    resolve: {
      alias: e2e ? [{ find: '#extra-web-plugins', replacement: fileURLToPath(new URL('./e2e/fixtures/web-plugins.ts', import.meta.url)) }] : [],
    },
    server: {
      port: 5173,
      proxy: { '/trpc': { target: 'http://127.0.0.1:3000', changeOrigin: false }, '/upload': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
    },
    build: {
      outDir: e2e ? 'dist-e2e' : 'dist',
      emptyOutDir: true,
      manifest: true,
      target: 'es2022',
      sourcemap: false,
      chunkSizeWarningLimit: 1200,
    },
  };
});
