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

/**
 * Returns why the browser tests cannot run here, or null when they can. Under CI (CI=true) a
 * missing playground build or browser is an error instead, so that a failed build cannot pass
 * as skipped tests.
 */
export function skipReason() {
  let reason = null;
  if (!existsSync(join(distDir, "index.html"))) {
    reason = `${distDir} has no index.html; build the playground first (npx vite build www)`;
  } else if (!existsSync(chromiumPath)) {
    reason = `${chromiumPath} is missing; install Debian's chromium package`;
  }
  if (reason && process.env.CI === "true") {
    throw new Error(`browser tests cannot run under CI: ${reason}`);
  }
  return reason;
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
export async function recordActivity(context) {
  const activity = { requests: [], problems: [] };
  context.on("request", (request) => activity.requests.push(request.url()));
  // Every securitypolicyviolation event is logged as a console error as well, so a violation
  // fails the tests whatever Chromium itself writes to the console.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(
        `Content-Security-Policy violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ${event.sample}`,
      );
    });
  });
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

/** Opens the playground with empty storage and waits for the first analysis. */
export async function openPlayground(context, origin) {
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`${origin}/`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitForAnalysis(page, 0);
  return page;
}

/** Reads the revision of the analysis the page shows, which grows by one with every analysis. */
export function statusRevision(page) {
  return page.getByTestId("status").evaluate((element) => Number(element.dataset.revision ?? 0));
}

/** Waits until an analysis newer than `revision` is shown, and fails on an error status. */
export async function waitForAnalysis(page, revision) {
  const status = page.getByTestId("status");
  await page.waitForFunction(
    (previous) => {
      const element = document.querySelector('[data-testid="status"]');
      return (
        element.dataset.state === "error" ||
        (element.dataset.state === "ready" && Number(element.dataset.revision) > previous)
      );
    },
    revision,
    { timeout: 30_000 },
  );
  const state = await status.getAttribute("data-state");
  if (state !== "ready") {
    throw new Error(`analysis failed: ${await status.textContent()}`);
  }
}

/**
 * Replaces the active file's text as text input does (select all, then insert the text) and
 * waits for its analysis.
 */
export async function replaceActiveText(page, text) {
  const revision = await statusRevision(page);
  await page.getByTestId("editor").fill(text);
  await waitForAnalysis(page, revision);
}

/**
 * Replaces the active file's text through the editor's paste handler and waits for its
 * analysis: typing megabytes key by key is too slow. The page cannot read the system clipboard
 * in a test, so the paste event carries its own DataTransfer.
 */
export async function pasteActiveText(page, text) {
  const revision = await statusRevision(page);
  const editor = page.getByTestId("editor");
  await editor.press("ControlOrMeta+a");
  await editor.evaluate((content, value) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", value);
    content.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }),
    );
  }, text);
  await waitForAnalysis(page, revision);
}

/**
 * Returns the whole text of the active file through the editor's copy handler. The editor
 * draws only the lines in view, so its DOM does not hold the whole text. This selects all text.
 */
export async function editorText(page) {
  const editor = page.getByTestId("editor");
  await editor.press("ControlOrMeta+a");
  return editor.evaluate((content) => {
    const clipboardData = new DataTransfer();
    content.dispatchEvent(
      new ClipboardEvent("copy", { clipboardData, bubbles: true, cancelable: true }),
    );
    return clipboardData.getData("text/plain");
  });
}

/** Reads the caret's 1-based line and column from the editor's status bar. */
export async function cursorPosition(page) {
  const cursor = page.getByTestId("editor-cursor");
  return {
    line: Number(await cursor.getAttribute("data-line")),
    column: Number(await cursor.getAttribute("data-column")),
  };
}

/**
 * Returns where an element inside the editor's text starts: the 1-based line number that the
 * line-number gutter shows beside it, the 1-based column in code points, and the text of its
 * line. The line comes from the gutter because the editor only draws the lines in view.
 */
export async function editorPositionOf(locator) {
  const { column, lineText } = await locator.evaluate((element) => {
    const line = element.closest(".cm-line");
    const before = document.createRange();
    before.setStart(line, 0);
    before.setEnd(element, 0);
    return { column: [...before.toString()].length + 1, lineText: line.textContent };
  });
  return { line: await gutterLineOf(locator), column, lineText };
}

/** Returns the line number beside an element in one of the editor's gutters, such as a marker. */
export function gutterLineOf(locator) {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const y = rect.top + rect.height / 2;
    for (const number of element.getRootNode().querySelectorAll(".cm-lineNumbers .cm-gutterElement")) {
      const box = number.getBoundingClientRect();
      if (number.style.visibility !== "hidden" && box.top <= y && y < box.bottom) {
        return Number(number.textContent);
      }
    }
    return null;
  });
}

/** Adds a file through the "+" tab and names it. */
export async function addFile(page, name) {
  await page.getByTestId("file-add").click();
  const input = page.getByTestId("file-rename-input");
  await input.fill(name);
  await input.press("Enter");
  await page.locator(`[data-testid="file-tab"][data-file="${name}"]`).waitFor();
}

/** Makes a file the active one by clicking its tab. */
export async function selectFile(page, name) {
  await page.locator(`[data-testid="file-tab"][data-file="${name}"] .tab-label`).click();
}

export async function activeFileName(page) {
  return page.locator('[data-testid="file-tab"].selected').getAttribute("data-file");
}

/**
 * Waits until the result area `testId` of an analysis panel shows a result of analysis
 * `revision` or later, with no request in flight.
 */
export async function waitForView(page, testId, revision) {
  await page.waitForFunction(
    ({ testId, revision }) => {
      const element = document.querySelector(`[data-testid="${testId}"]`);
      return (
        element !== null &&
        !element.hasAttribute("aria-busy") &&
        Number(element.dataset.revision ?? -1) >= revision
      );
    },
    { testId, revision },
    { timeout: 30_000 },
  );
}

/**
 * Fills the can-i form, submits it and returns the verdict locator. `fields` has `user` or
 * `serviceAccount: {namespace, name}`, then `verb` and either `nonResourceURL` or `resource`
 * with optional `group`, `subresource`, `name` and `namespace`.
 */
export async function askCanI(page, fields) {
  await page.getByTestId("panel-tab-cani").click();
  if (fields.serviceAccount) {
    await page.getByTestId("cani-mode-serviceaccount").check();
    await page.getByTestId("cani-sa-namespace").fill(fields.serviceAccount.namespace);
    await page.getByTestId("cani-sa-name").fill(fields.serviceAccount.name);
  } else {
    await page.getByTestId("cani-mode-user").check();
    await page.getByTestId("cani-user").fill(fields.user);
  }

  await page.getByTestId("cani-groups").fill(fields.groups ?? "");
  await page.getByTestId("cani-verb").fill(fields.verb);
  if (fields.nonResourceURL !== undefined) {
    await page.getByTestId("cani-mode-nonresource").check();
    await page.getByTestId("cani-url").fill(fields.nonResourceURL);
  } else {
    await page.getByTestId("cani-mode-resource").check();
    await page.getByTestId("cani-group").fill(fields.group ?? "");
    await page.getByTestId("cani-resource").fill(fields.resource);
    await page.getByTestId("cani-subresource").fill(fields.subresource ?? "");
    await page.getByTestId("cani-name").fill(fields.name ?? "");
    await page.getByTestId("cani-namespace").fill(fields.namespace ?? "");
  }

  // The submit handler marks the result busy before it returns, so waiting for a verdict in a
  // result that is no longer busy cannot pick up an earlier decision.
  await page.getByTestId("cani-submit").click();
  await page.waitForFunction(
    () => {
      const result = document.querySelector('[data-testid="cani-result"]');
      return (
        !result.hasAttribute("aria-busy") &&
        result.querySelector('[data-testid="cani-verdict"], [data-testid="cani-error"]')
      );
    },
    null,
    { timeout: 10_000 },
  );
  const error = page.getByTestId("cani-error");
  if ((await error.count()) > 0) {
    throw new Error(`can-i failed: ${await error.textContent()}`);
  }
  return page.getByTestId("cani-verdict");
}
