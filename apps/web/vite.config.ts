// Vite configuration. In development the hub runs separately on port 3000; its REST routes and
// Socket.IO live on the same origin in production, so the dev server proxies them.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const hub = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': { target: hub, changeOrigin: false },
      '/socket.io': { target: hub, ws: true, changeOrigin: false },
    },
  },
});
