import { defineConfig } from "vitest/config";

// Preact through esbuild's JSX settings: no Vite plugin needed.
export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15", // WebKitGTK
    assetsInlineLimit: 0, // fonts as files: the CSP allows 'self' only
    modulePreload: { polyfill: false }, // no inline script
    chunkSizeWarningLimit: 300,
  },
  server: { port: 1420, strictPort: true },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.{ts,tsx}"],
  },
});
