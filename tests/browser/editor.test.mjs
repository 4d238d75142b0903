// End-to-end tests of the playground's CodeMirror editor in Debian's headless Chromium: inline
// lint markers from the analyser, jumps from the diagnostics list, undo, search and styling
// under the page's Content-Security-Policy.
// Run with `node --test tests/browser/` after building the wasm package and the playground.

import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  activeFileName,
  addFile,
  cursorPosition,
  distDir,
  editorPositionOf,
  editorText,
  gutterLineOf,
  isOwnRequest,
  launchBrowser,
  openPlayground as openPage,
  outputDir,
  pasteActiveText,
  recordActivity,
  replaceActiveText,
  selectFile,
  skipReason,
  startStaticServer,
  statusRevision,
  waitForAnalysis,
} from "./helpers.mjs";

const reason = skipReason();
if (reason !== null) {
  console.log(`# skipping the editor browser tests: ${reason}`);
}

// Line 7 names the singular "inferenceservice", which starts at column 17.
const TYPO_YAML = [
  "apiVersion: rbac.authorization.k8s.io/v1",
  "kind: ClusterRole",
  "metadata:",
  "  name: kserve-typo",
  "rules:",
  "  - apiGroups: [serving.kserve.io]",
  "    resources: [inferenceservice]",
  "    verbs: [get, list, watch]",
  "",
].join("\n");
const TYPO_LINE = "    resources: [inferenceservice]";

// Line 4 puts a mapping value after a plain scalar, which every YAML parser rejects.
const BAD_YAML = [
  "apiVersion: v1",
  "kind: ServiceAccount",
  "metadata:",
  "  name: broken: here",
  "  namespace: team-a",
  "",
].join("\n");

// A List whose item names a singular resource. The analyser locates the item's line only, with
// a null column.
const LIST_YAML = [
  "apiVersion: v1",
  "kind: List",
  "items:",
  "  - apiVersion: rbac.authorization.k8s.io/v1",
  "    kind: ClusterRole",
  "    metadata: {name: listed}",
  "    rules: [{apiGroups: [serving.kserve.io], resources: [inferenceservice], verbs: [get]}]",
  "",
].join("\n");

/** Returns a YAML stream of `count` ClusterRoles: about 170 bytes and 9 lines each. */
function fillerRoles(count) {
  const roles = [];
  for (let index = 0; index < count; index++) {
    roles.push(
      [
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: ClusterRole",
        "metadata:",
        `  name: filler-${index}`,
        "rules:",
        '  - apiGroups: [""]',
        "    resources: [configmaps]",
        "    verbs: [get, list]",
        "",
      ].join("\n"),
    );
  }
  return roles.join("---\n");
}

describe("editor", { skip: reason ?? false }, () => {
  let server;
  let browser;
  let activity;

  before(async () => {
    server = await startStaticServer(distDir);
    browser = await launchBrowser();
    activity = await recordActivity(browser.context);
    await mkdir(outputDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  function openPlayground() {
    return openPage(browser.context, server.origin);
  }

  /** Opens the playground with typo.yaml holding TYPO_YAML, analysed. */
  async function openWithTypo() {
    const page = await openPlayground();
    await addFile(page, "typo.yaml");
    await replaceActiveText(page, TYPO_YAML);
    return page;
  }

  /** Returns the location label of the one diagnostic with `code` in the diagnostics list. */
  async function listedLocation(page, code) {
    const item = page.locator(`[data-testid="diagnostic"][data-code="${code}"]`);
    assert.equal(await item.count(), 1, await page.getByTestId("diagnostics").innerText());
    return item.getByTestId("diagnostic-location").textContent();
  }

  /** Hovers `target` and returns the lint tooltip that opens. */
  async function hoverTooltip(page, target) {
    // Moving away first closes a tooltip that an earlier hover left open.
    await page.mouse.move(0, 0);
    await page.locator(".cm-tooltip-lint").waitFor({ state: "detached" });
    await target.hover();
    const tooltip = page.locator(".cm-tooltip-lint");
    await tooltip.waitFor();
    return tooltip;
  }

  test("misspelt resource gets a marker", async () => {
    const page = await openWithTypo();
    assert.equal(await listedLocation(page, "rbac/resource-not-plural"), "typo.yaml:7:17");

    const range = page.locator(".cm-lintRange-warning");
    assert.equal(await range.count(), 1);
    assert.equal(await range.textContent(), "inferenceservice");
    assert.deepEqual(await editorPositionOf(range), { line: 7, column: 17, lineText: TYPO_LINE });
    assert.equal(await page.locator(".cm-lintRange-error, .cm-lintRange-info").count(), 0);

    const marker = page.locator(".cm-gutter-lint .cm-lint-marker");
    assert.equal(await marker.count(), 1);
    assert.match(await marker.getAttribute("class"), /\bcm-lint-marker-warning\b/);
    assert.equal(await gutterLineOf(marker), 7);

    const tooltip = await hoverTooltip(page, range);
    assert.equal(await tooltip.getByTestId("lint-code").textContent(), "rbac/resource-not-plural");
    assert.match(await tooltip.getByTestId("lint-message").textContent(), /use "inferenceservices"/);
    assert.match(await tooltip.getByTestId("lint-help").textContent(), /^help: .*plurals/);
    await page.locator(".editor-column").screenshot({ path: join(outputDir, "editor-markers.png") });

    const gutterTooltip = await hoverTooltip(page, marker);
    assert.equal(await gutterTooltip.getByTestId("lint-code").textContent(), "rbac/resource-not-plural");
    await page.close();
  });

  test("diagnostic click moves the caret", async () => {
    const page = await openWithTypo();
    await selectFile(page, "contributors.yaml");
    assert.equal(await activeFileName(page), "contributors.yaml");

    await page.locator('[data-testid="diagnostic"][data-code="rbac/resource-not-plural"]').click();
    assert.equal(await activeFileName(page), "typo.yaml");
    assert.deepEqual(await cursorPosition(page), { line: 7, column: 17 });
    const activeLine = page.locator(".cm-activeLine");
    assert.equal(await activeLine.textContent(), TYPO_LINE);
    assert.equal(await gutterLineOf(activeLine), 7);
    assert.equal(await gutterLineOf(page.locator(".cm-revealedLine")), 7);
    assert.equal(await page.locator(".cm-lineNumbers .cm-activeLineGutter").textContent(), "7");

    // The editor has the focus, so keys act at the caret: the word's end gets the missing "s".
    const revision = await statusRevision(page);
    await page.keyboard.press("Control+ArrowRight");
    await page.keyboard.type("s");
    await waitForAnalysis(page, revision);
    assert.equal(
      (await editorText(page)).split("\n")[6],
      "    resources: [inferenceservices]",
    );
    assert.equal(await page.locator(".cm-lintRange").count(), 0);
    assert.equal(await page.locator(".cm-gutter-lint .cm-lint-marker").count(), 0);
    const fixed = page.locator('[data-testid="diagnostic"][data-code="rbac/resource-not-plural"]');
    assert.equal(await fixed.count(), 0);
    await page.close();
  });

  test("null column marks the whole line", async () => {
    const page = await openPlayground();
    await addFile(page, "list.yaml");
    await replaceActiveText(page, LIST_YAML);
    assert.equal(await listedLocation(page, "rbac/resource-not-plural"), "list.yaml:4");

    // Syntax highlighting may split the marked range into several elements.
    const ranges = page.locator(".cm-lintRange-warning");
    const texts = await ranges.allTextContents();
    assert.equal(texts.join(""), "  - apiVersion: rbac.authorization.k8s.io/v1");
    assert.deepEqual(await editorPositionOf(ranges.first()), {
      line: 4,
      column: 1,
      lineText: "  - apiVersion: rbac.authorization.k8s.io/v1",
    });
    assert.equal(await gutterLineOf(page.locator(".cm-gutter-lint .cm-lint-marker-warning")), 4);
    await page.close();
  });

  test("panel location link opens the file", async () => {
    const page = await openWithTypo();
    await selectFile(page, "contributors.yaml");
    await page.getByTestId("panel-tab-objects").click();
    const link = page.locator(
      '[data-testid="object"][data-kind="ClusterRole"][data-name="kserve-typo"] [data-testid="location-link"]',
    );
    assert.equal(await link.textContent(), "typo.yaml:1:1");
    await link.click();
    assert.equal(await activeFileName(page), "typo.yaml");
    assert.deepEqual(await cursorPosition(page), { line: 1, column: 1 });
    assert.equal(await gutterLineOf(page.locator(".cm-revealedLine")), 1);
    await page.close();
  });

  test("invalid YAML gets an error marker", async () => {
    const page = await openPlayground();
    await addFile(page, "broken.yaml");
    await replaceActiveText(page, BAD_YAML);
    const location = await listedLocation(page, "load/invalid-yaml");
    const [, line, column] = location.match(/^broken\.yaml:(\d+):(\d+)$/) ?? [];
    assert.equal(Number(line), 4, location);

    const range = page.locator(".cm-lintRange-error");
    assert.equal(await range.count(), 1);
    assert.deepEqual(await editorPositionOf(range), {
      line: 4,
      column: Number(column),
      lineText: "  name: broken: here",
    });
    const marker = page.locator(".cm-gutter-lint .cm-lint-marker-error");
    assert.equal(await marker.count(), 1);
    assert.equal(await gutterLineOf(marker), 4);

    const tooltip = await hoverTooltip(page, range);
    assert.equal(await tooltip.getByTestId("lint-code").textContent(), "load/invalid-yaml");
    await page.close();
  });

  test("stale analysis leaves markers in place", async () => {
    const page = await openWithTypo();
    const range = page.locator(".cm-lintRange-warning");
    assert.deepEqual(await editorPositionOf(range), { line: 7, column: 17, lineText: TYPO_LINE });

    // A line typed above the marker moves it to line 8. Opening the file again must not apply
    // the line 7 location of the analysis that predates the edit. The tab switches and the
    // reads run in one task, so the analysis of the edit, 300 ms later, cannot come between.
    const revision = await statusRevision(page);
    await page.getByTestId("editor").press("Control+Home");
    await page.keyboard.insertText("# note\n");
    const seen = await page.evaluate(() => {
      const tab = (name) =>
        document.querySelector(`[data-testid="file-tab"][data-file="${name}"] .tab-label`);
      tab("contributors.yaml").click();
      tab("typo.yaml").click();
      const content = document.querySelector('[data-testid="editor-host"]').shadowRoot
        .querySelector(".cm-content");
      // The file is short enough for the editor to draw every line, in order.
      const lines = [...content.querySelectorAll(".cm-line")];
      const marked = content.querySelector(".cm-lintRange-warning")?.closest(".cm-line");
      const listed = document.querySelector(
        '[data-testid="diagnostic"][data-code="rbac/resource-not-plural"] [data-testid="diagnostic-location"]',
      );
      return {
        revision: Number(document.querySelector('[data-testid="status"]').dataset.revision),
        firstLine: lines[0]?.textContent,
        listed: listed?.textContent,
        markedLine: marked === undefined ? null : lines.indexOf(marked) + 1,
        markedText: marked?.textContent,
      };
    });
    assert.equal(seen.revision, revision, "an analysis of the edit was already shown");
    assert.equal(seen.firstLine, "# note");
    assert.equal(seen.listed, "typo.yaml:7:17");
    assert.equal(seen.markedLine, 8);
    assert.equal(seen.markedText, TYPO_LINE);

    await waitForAnalysis(page, revision);
    assert.equal(await listedLocation(page, "rbac/resource-not-plural"), "typo.yaml:8:17");
    assert.deepEqual(await editorPositionOf(range), { line: 8, column: 17, lineText: TYPO_LINE });
    await page.close();
  });

  test("large file draws only visible lines", async () => {
    const page = await openPlayground();
    await addFile(page, "filler.yaml");
    const text = fillerRoles(4000);
    const lineCount = text.split("\n").length;
    await pasteActiveText(page, text);
    assert.equal(await editorText(page), text);
    const drawnLines = await page.locator(".cm-line").count();
    assert.ok(drawnLines > 0, "no lines drawn");
    assert.ok(drawnLines < 1000, `${drawnLines} of ${lineCount} lines drawn`);

    // Typing at the end reaches the last line and starts another analysis.
    const revision = await statusRevision(page);
    await page.getByTestId("editor").press("Control+End");
    await page.keyboard.type("# end");
    assert.deepEqual(await cursorPosition(page), { line: lineCount, column: 6 });
    await waitForAnalysis(page, revision);
    assert.equal(
      await page.locator('[data-testid="diagnostic"][data-severity="error"]').count(),
      0,
      await page.getByTestId("diagnostics").innerText(),
    );
    await page.close();
  });

  test("undo history survives a file switch", async () => {
    const page = await openPlayground();
    const name = await activeFileName(page);
    const original = await editorText(page);
    const editor = page.getByTestId("editor");
    await editor.press("Control+End");
    await page.keyboard.type("# added");
    assert.equal(await editorText(page), `${original}# added`);

    await selectFile(page, "kserve-roles.yaml");
    await selectFile(page, name);
    await editor.press("Control+z");
    assert.equal(await editorText(page), original);
    await editor.press("Control+Shift+z");
    assert.equal(await editorText(page), `${original}# added`);
    await page.close();
  });

  test("search moves to a match", async () => {
    const page = await openPlayground();
    const text = await editorText(page);
    const term = "roleRef:";
    const index = text.indexOf(term);
    assert.ok(index > 0, `${term} is not in the first example file`);
    const before = text.slice(0, index + term.length).split("\n");

    await page.getByTestId("editor").press("Control+Home");
    await page.keyboard.press("Control+f");
    const field = page.locator(".cm-search input[name=search]");
    await field.waitFor();
    // The search panel reads its fields on key events, so the term is typed key by key.
    await field.pressSequentially(term);
    await field.press("Enter");
    // The match is selected with the caret at its end.
    assert.deepEqual(await cursorPosition(page), {
      line: before.length,
      column: before[before.length - 1].length + 1,
    });
    await field.press("Escape");
    assert.equal(await page.locator(".cm-search").count(), 0);
    await page.close();
  });

  test("brackets match and keys are highlighted", async () => {
    const page = await openPlayground();
    await addFile(page, "brackets.yaml");
    await replaceActiveText(page, "verbs: [get, list]");
    // The caret is after "]" once the text is in.
    const brackets = page.locator(".cm-matchingBracket");
    await brackets.first().waitFor();
    assert.deepEqual(await brackets.allTextContents(), ["[", "]"]);

    const colors = await page.locator(".cm-line").first().evaluate((line) => {
      // The innermost span: a lint marker may wrap the highlighted one.
      const key = [...line.querySelectorAll("span")].find(
        (span) => span.textContent === "verbs" && span.children.length === 0,
      );
      return {
        key: key ? getComputedStyle(key).color : null,
        line: getComputedStyle(line).color,
      };
    });
    assert.notEqual(colors.key, null, "the key is not in a highlighted span");
    assert.notEqual(colors.key, colors.line);
    await page.close();
  });

  test("editor styles load under the CSP", async () => {
    const page = await openPlayground();
    const styles = await page.getByTestId("editor-host").evaluate((host) => ({
      adopted: host.shadowRoot.adoptedStyleSheets.length,
      styleElements: document.querySelectorAll("style").length,
      // CodeMirror's base theme makes the editor a flex container, and the playground's
      // theme colours the gutters.
      display: getComputedStyle(host.shadowRoot.querySelector(".cm-editor")).display,
      gutters: getComputedStyle(host.shadowRoot.querySelector(".cm-gutters")).backgroundColor,
    }));
    assert.ok(styles.adopted > 0, "no adopted style sheet in the editor's shadow root");
    assert.equal(styles.styleElements, 0);
    assert.equal(styles.display, "flex");
    assert.equal(styles.gutters, "rgb(240, 242, 245)");
    await page.close();
  });

  test("editor stays on its own origin", () => {
    assert.ok(activity.requests.length > 0, "no requests were recorded");
    const foreign = activity.requests.filter((url) => !isOwnRequest(url, server.origin));
    assert.deepEqual(foreign, []);
    assert.deepEqual(activity.problems, []);
  });
});
