import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The desk is static files the gateway serves; workspace libraries are bundled from their TypeScript sources.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  resolve: { conditions: ['parley-source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 800 },
  server: { port: 5173, proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true }, '/docs': 'http://127.0.0.1:3000' } },
});
