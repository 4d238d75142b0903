// Entry point of the playground: wires the file store, the editor, the analysis worker and the
// panels together.

import "./style.css";
import type { Diagnostic, Location, Severity, SourceFile } from "./api";
import { CanIPanel } from "./cani";
import { AnalysisClient, SupersededError } from "./client";
import { diagnosticsSummary, renderDiagnostics } from "./diagnostics";
import { DiffPanel } from "./diff";
import { byId, debounce, plural } from "./dom";
import { Editor } from "./editor";
import { GeneratePanel } from "./generate";
import { MatrixPanel } from "./matrix";
import { renderObjects } from "./objects";
import type { AnalysisResult } from "./protocol";
import { RulesPanel } from "./rules";
import { loadBootstrapPolicy, saveBootstrapPolicy } from "./settings";
import { FileStore } from "./store";
import { FileTabs, worstSeverity, type TabBadge } from "./tabs";
import { TenancyPanel } from "./tenancy";
import type { AnalysisView } from "./view";
import { WhoCanPanel } from "./whocan";

/** Delay between the last keystroke and the analysis it triggers, in milliseconds. */
const ANALYSIS_DELAY_MS = 300;
/** Delay between the last keystroke and saving the files to localStorage, in milliseconds. */
const SAVE_DELAY_MS = 500;

type StatusState = "loading" | "pending" | "analysing" | "ready" | "error";

const statusElement = byId("status");
const saveNotice = byId("save-notice");
const versionElement = byId("version");
const bootstrapCheckbox = byId<HTMLInputElement>("bootstrap-policy");
const cursorElement = byId("editor-cursor");

const store = new FileStore();
let lastResult: AnalysisResult | null = null;
/** The version of each file's text that `lastResult` was computed from, by file name. */
let analysedVersions = new Map<string, number>();
let analysisCounter = 0;
let renderedRevision = 0;

function setStatus(state: StatusState, text: string): void {
  statusElement.dataset.state = state;
  statusElement.textContent = text;
}

const client = new AnalysisClient({
  onReady(version) {
    versionElement.textContent = `kserve-rbac ${version}`;
  },
  onStartFailed(message) {
    setStatus("error", `The analysis module failed to load: ${message}`);
  },
  onRestarted(message) {
    setStatus("error", `The analyser crashed on this input and was restarted: ${message}`);
  },
});

// Serialising megabytes of manifests on every keystroke would make typing lag, so edits are
// saved after a pause, and at the latest when the page is hidden or closed.
let savePending = false;
const persistSoon = debounce(SAVE_DELAY_MS, () => {
  if (savePending) {
    persist();
  }
});

const editor = new Editor(byId("editor-host"), {
  onChange(file) {
    store.markChanged(file);
    savePending = true;
    persistSoon();
    scheduleAnalysis();
  },
  onCursor({ line, column }) {
    cursorElement.dataset.line = String(line);
    cursorElement.dataset.column = String(column);
    cursorElement.textContent = `Ln ${line}, Col ${column}`;
  },
});

window.addEventListener("pagehide", () => {
  if (savePending) {
    persist();
  }
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden" && savePending) {
    persist();
  }
});

const tabs = new FileTabs(byId("file-tabs"), {
  onSelect: (name) => selectFile(name),
  onRename: (oldName, newName) => {
    const error = store.validateName(oldName, newName);
    if (error !== null) {
      return error;
    }
    store.rename(oldName, newName);
    persist();
    renderTabs();
    scheduleAnalysis();
    return null;
  },
  onDelete: (name) => {
    editor.flush();
    const file = store.find(name);
    if (file !== undefined && file.text.trim() !== "" && !confirm(`Delete ${name}?`)) {
      return;
    }
    store.remove(name);
    persist();
    showActiveFile();
    scheduleAnalysis();
  },
});

function persist(): void {
  editor.flush();
  savePending = false;
  const status = store.save();
  saveNotice.hidden = status.saved;
  saveNotice.textContent = status.saved ? "" : `Changes are not saved: ${status.reason}.`;
}

function selectFile(name: string): void {
  if (store.find(name) === undefined) {
    return;
  }
  if (store.active !== name) {
    store.active = name;
    persist();
    showActiveFile();
  }
}

function showActiveFile(): void {
  editor.open(store.activeFile);
  renderTabs();
  updateMarkers();
}

function renderTabs(): void {
  tabs.render(
    store.files.map((file) => file.name),
    store.active,
    tabBadges(lastResult?.diagnostics ?? []),
  );
}

function tabBadges(diagnostics: Diagnostic[]): Map<string, TabBadge> {
  const severities = new Map<string, Severity[]>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.location === null || diagnostic.severity === "info") {
      continue;
    }
    const list = severities.get(diagnostic.location.file) ?? [];
    list.push(diagnostic.severity);
    severities.set(diagnostic.location.file, list);
  }
  const badges = new Map<string, TabBadge>();
  for (const [file, list] of severities) {
    badges.set(file, { severity: worstSeverity(list), count: list.length });
  }
  return badges;
}

// Markers are applied only when the analysis saw the editor's current text. After an edit the
// editor keeps the older markers, moved along with the text, until the next analysis ends.
function updateMarkers(): void {
  const file = store.activeFile;
  if (lastResult === null || analysedVersions.get(file.name) !== store.version(file)) {
    return;
  }
  editor.setDiagnostics(
    lastResult.diagnostics.filter((diagnostic) => diagnostic.location?.file === file.name),
  );
}

function reveal(location: Location): void {
  if (store.find(location.file) === undefined) {
    return;
  }
  selectFile(location.file);
  editor.reveal(location.line, location.column);
}

const scheduleAnalysisNow = debounce(ANALYSIS_DELAY_MS, () => void analyse());

function scheduleAnalysis(): void {
  setStatus("pending", "Waiting for typing to pause…");
  scheduleAnalysisNow();
}

async function analyse(): Promise<void> {
  const request = ++analysisCounter;
  setStatus("analysing", "Analysing…");
  const files = currentFiles();
  const versions = new Map(store.files.map((file) => [file.name, store.version(file)]));
  try {
    const result = await client.analyze(files, { bootstrapPolicy: bootstrapCheckbox.checked });
    if (request !== analysisCounter) {
      return;
    }
    lastResult = result;
    analysedVersions = versions;
    showResult(result);
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    setStatus(
      "ready",
      `${plural(result.objects.length, "object")} · ${plural(errors, "error")} · ${Math.round(result.elapsedMs)} ms`,
    );
    statusElement.dataset.revision = String(++renderedRevision);
    canIPanel.refresh();
    for (const view of views.values()) {
      view.onAnalysis(renderedRevision);
    }
  } catch (error) {
    if (error instanceof SupersededError || request !== analysisCounter) {
      return;
    }
    setStatus("error", error instanceof Error ? error.message : String(error));
  }
}

function showResult(result: AnalysisResult): void {
  byId("diagnostics-summary").textContent = diagnosticsSummary(result.diagnostics);
  renderDiagnostics(byId("diagnostics-list"), result.diagnostics, reveal);
  renderObjects(byId("objects-summary"), byId("objects-list"), result.objects, reveal);
  renderTabs();
  updateMarkers();
}

const canIPanel = new CanIPanel({
  evaluate: (query) => client.canI(query),
  onReveal: reveal,
});
const generatePanel = new GeneratePanel({ generate: (options) => client.generate(options) });

function currentFiles(): SourceFile[] {
  editor.flush();
  return store.files.map((file) => ({ name: file.name, text: file.text }));
}

/** The panels that read the workspace, by the id of their panel element. */
const views = new Map<string, AnalysisView>([
  ["panel-whocan", new WhoCanPanel({ whoCan: (query) => client.whoCan(query), onReveal: reveal })],
  ["panel-rules", new RulesPanel({ rulesFor: (query) => client.rulesFor(query), onReveal: reveal })],
  [
    "panel-matrix",
    new MatrixPanel({ accessMatrix: (target, options) => client.accessMatrix(target, options) }),
  ],
  [
    "panel-tenancy",
    new TenancyPanel({ tenancy: (baseline) => client.tenancy(baseline), onReveal: reveal }),
  ],
  [
    "panel-diff",
    new DiffPanel({
      diff: (oldFiles, newFiles) => client.diff(oldFiles, newFiles),
      currentFiles,
      bootstrapPolicy: () => bootstrapCheckbox.checked,
      onReveal: reveal,
    }),
  ],
]);

function setUpPanelTabs(): void {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>("[data-panel]")];
  for (const button of buttons) {
    button.addEventListener("click", () => {
      for (const other of buttons) {
        const selected = other === button;
        other.setAttribute("aria-selected", String(selected));
        byId(other.dataset.panel ?? "").hidden = !selected;
      }
      views.get(button.dataset.panel ?? "")?.onShow();
    });
  }
}

// The workspace is rebuilt with the policy at once: no typing to wait for.
bootstrapCheckbox.checked = loadBootstrapPolicy();
bootstrapCheckbox.addEventListener("change", () => {
  const status = saveBootstrapPolicy(bootstrapCheckbox.checked);
  if (!status.saved) {
    saveNotice.hidden = false;
    saveNotice.textContent = `The bootstrap policy setting is not saved: ${status.reason}.`;
  }
  void analyse();
});

byId("reset-example").addEventListener("click", () => {
  if (!confirm("Replace all files with the bundled example? Your edits will be lost.")) {
    return;
  }
  // Nothing is saved after a reset, so the page keeps following the bundled example until the
  // next edit.
  store.resetToExample();
  savePending = false;
  saveNotice.hidden = true;
  showActiveFile();
  void analyse();
});

byId("file-add").addEventListener("click", () => {
  const file = store.add();
  persist();
  showActiveFile();
  tabs.startRename(file.name);
  scheduleAnalysis();
});

byId("file-rename").addEventListener("click", () => tabs.startRename(store.active));

setUpPanelTabs();
setStatus("loading", "Loading the analyser…");
showActiveFile();
void analyse();
void generatePanel.run();
