import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API and the sockets are the server's (pnpm --filter @tandem/server dev);
// in production the server serves this app's dist/ itself, so everything is same-origin.
const server = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': server,
      // Uploaded images (the build's own files under /assets are Vite's).
      '^/assets/[0-9a-f]{64}$': server,
      // The bundled fonts (packages/render/fonts), served by the server to the canvas and published pages alike.
      '/fonts/': server,
      // Published pages (GET /s/:id) are the server's too.
      '/s/': server,
      '/ws': { target: server, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
