// Shared pieces of the browser tests: a static file server for www/dist on 127.0.0.1 and a
// headless Chromium driven by playwright-core.

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const repoDir = fileURLToPath(new URL("../..", import.meta.url));
export const distDir = join(repoDir, "www", "dist");
export const outputDir = fileURLToPath(new URL("output", import.meta.url));
export const chromiumPath = "/usr/bin/chromium";

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
};

/** Returns why the browser tests cannot run here, or null when they can. */
export function skipReason() {
  if (!existsSync(join(distDir, "index.html"))) {
    return `${distDir} has no index.html; build the playground first (npx vite build www)`;
  }
  if (!existsSync(chromiumPath)) {
    return `${chromiumPath} is missing; install Debian's chromium package`;
  }
  return null;
}

/**
 * Serves `root` on 127.0.0.1 at a free port and resolves to `{ origin, close }`. Only GET and HEAD
 * are served, and paths that leave `root` get 404.
 */
export async function startStaticServer(root) {
  const rootDir = resolve(root);
  const server = createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (path.endsWith("/")) {
      path += "index.html";
    }
    const file = normalize(join(rootDir, path));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) {
        throw new Error(`${file} is not a file`);
      }
      const body = await readFile(file);
      response.writeHead(200, {
        "Content-Type": MIME_TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-store",
      });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    }
  });
  await new Promise((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(0, "127.0.0.1", resolveListen);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolveClose) => server.close(() => resolveClose())),
  };
}

/**
 * Launches Debian's Chromium headless with a fresh profile. The flags stop its background
 * connections (updates, sync, safe browsing), so the only traffic is the page's own.
 */
export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  const profileDir = await mkdtemp(join(tmpdir(), "kserve-rbac-chromium-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records the URL of every request made in the context, from pages and their workers, and the
 * console errors, uncaught exceptions and Content-Security-Policy violations of every page.
 */
export function recordActivity(context) {
  const activity = { requests: [], problems: [] };
  context.on("request", (request) => activity.requests.push(request.url()));
  const watchPage = (page) => {
    page.on("console", (message) => {
      if (message.type() === "error") {
        activity.problems.push(`console error: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => activity.problems.push(`uncaught: ${error.message}`));
    page.on("worker", (worker) => {
      worker.on("console", (message) => {
        if (message.type() === "error") {
          activity.problems.push(`worker console error: ${message.text()}`);
        }
      });
    });
  };
  context.pages().forEach(watchPage);
  context.on("page", watchPage);
  return activity;
}

/** True when a URL stays on `origin`: the server itself, or a blob: URL the page created. */
export function isOwnRequest(url, origin) {
  return url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`) || url.startsWith("data:");
}
