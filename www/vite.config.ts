import { defineConfig, type Plugin } from "vite";

const wwwDir = decodeURIComponent(new URL(".", import.meta.url).pathname);
const repoDir = decodeURIComponent(new URL("..", import.meta.url).pathname);

// The dev server injects CSS through <style> elements, which `style-src 'self'` blocks. Only the
// dev server relaxes the policy; the built page keeps the strict one from index.html.
function relaxStylePolicyInDev(): Plugin {
  return {
    name: "relax-style-policy-in-dev",
    apply: "serve",
    transformIndexHtml(html) {
      return html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  root: wwwDir,
  // Relative asset URLs let the built page run from any directory or path.
  base: "./",
  publicDir: "public",
  plugins: [relaxStylePolicyInDev()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  worker: {
    format: "es",
  },
  server: {
    host: "127.0.0.1",
    // The page imports ../pkg/web and ../examples from outside www/.
    fs: { allow: [repoDir] },
  },
  preview: {
    host: "127.0.0.1",
  },
});
