// Builds the three pages into the Python package (src/souk/web/dist), served by `souk serve`.
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: resolve(import.meta.dirname, "../src/souk/web/dist"),
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, "index.html"),
        sell: resolve(import.meta.dirname, "sell.html"),
        admin: resolve(import.meta.dirname, "admin.html"),
      },
    },
  },
});
