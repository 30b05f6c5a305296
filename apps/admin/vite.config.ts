import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `vite` (dev, proxying /trpc and /upload to the server on :3000), `vite build` (dist/, served by the server),
 * `vite build --mode e2e` (dist-e2e/, with the e2e fixture's web plugin compiled in).
 */
export default defineConfig(({ mode }) => {
  const e2e = mode === 'e2e';
  return {
    plugins: [react()],
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
