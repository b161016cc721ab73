import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The app loads the built files from ui/dist; there is no dev server in the
// Tauri config, so the debug binary and the release binary show the same UI.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'safari15',
    // Inline nothing: the CSP allows only files from the app itself.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    // Process CSS so tests can read the stylesheet's text (?raw), e.g. the contrast check.
    css: true,
  },
});
