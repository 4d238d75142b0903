// The permission diff panel: what every subject gained and lost between a saved snapshot of the
// files (or the bundled example) and the files as they are now, with the objects that caused it.

import type {
  Location,
  ObjectChange,
  Permission,
  PermissionChange,
  PermissionDiff,
  SourceFile,
} from "./api";
import { append, byId, h, plural } from "./dom";
import { objectLabel, objectWithLink, resourceLabel, subjectLabel } from "./format";
import { loadSnapshot, saveSnapshot, type Snapshot } from "./settings";
import { exampleFiles } from "./store";
import { AnalysisView, LatestRequest } from "./view";

export interface DiffPanelOptions {
  diff(oldFiles: SourceFile[], newFiles: SourceFile[]): Promise<PermissionDiff>;
  currentFiles(): SourceFile[];
  bootstrapPolicy(): boolean;
  onReveal(location: Location): void;
}

// What the analyser counts as risky, shown when hovering over the badge.
const RISKY_TITLE =
  "Escalation verbs (bind, escalate, impersonate), wildcards, or access to secrets, " +
  "pods/exec or serviceaccounts/token";

/** "create, delete on inferenceservices.serving.kserve.io named a, b", or "get on /healthz". */
export function permissionText(permission: Permission): string {
  const target =
    permission.nonResourceUrl ?? resourceLabel(permission.apiGroup, permission.resource ?? "");
  const names =
    permission.resourceNames.length > 0 ? ` named ${permission.resourceNames.join(", ")}` : "";
  return `${permission.verbs.join(", ")} on ${target}${names}`;
}

export class DiffPanel extends AnalysisView {
  private readonly result = byId("diff-result");
  private readonly requests = new LatestRequest(this.result);
  private readonly baseLabel = byId("diff-base");
  private readonly clearButton = byId<HTMLButtonElement>("diff-clear");
  private snapshot: Snapshot | null = loadSnapshot();

  constructor(private readonly options: DiffPanelOptions) {
    super(byId("panel-diff"));
    byId("diff-snapshot").addEventListener("click", () => this.takeSnapshot());
    this.clearButton.addEventListener("click", () => this.setSnapshot(null));
    this.showBase();
  }

  // Each diff builds a workspace from each side, which costs more than an analysis, so it runs
  // only while the panel is visible: after every analysis, when the tab opens, and when the base
  // changes.
  protected run(): void {
    const base = this.snapshot?.files ?? exampleFiles();
    const current = this.options.currentFiles();
    void this.requests.run(
      this.revision,
      () => this.options.diff(base, current),
      (diff) => this.result.replaceChildren(...this.render(diff)),
    );
  }

  private takeSnapshot(): void {
    const files = this.options.currentFiles().map((file) => ({ name: file.name, text: file.text }));
    this.setSnapshot({ files, takenAt: new Date().toISOString() });
  }

  private setSnapshot(snapshot: Snapshot | null): void {
    const status = saveSnapshot(snapshot);
    this.snapshot = snapshot;
    this.showBase(status.saved ? null : `The snapshot is kept only until the page closes: ${status.reason}.`);
    this.update();
  }

  private showBase(warning: string | null = null): void {
    const snapshot = this.snapshot;
    this.clearButton.disabled = snapshot === null;
    this.baseLabel.dataset.base = snapshot === null ? "example" : "snapshot";
    this.baseLabel.replaceChildren();
    let text: string;
    if (snapshot === null) {
      text =
        "Comparing the bundled example with the current files. " +
        "Take a snapshot to compare with your own version.";
    } else {
      const takenAt = new Date(snapshot.takenAt).toLocaleString();
      const files = plural(snapshot.files.length, "file");
      text = `Comparing the snapshot of ${takenAt} (${files}) with the current files.`;
    }
    append(
      this.baseLabel,
      text,
      warning === null ? null : h("span", { class: "form-error" }, ` ${warning}`),
    );
  }

  private render(diff: PermissionDiff): HTMLElement[] {
    const parts: HTMLElement[] = [
      h(
        "p",
        {
          class: "view-summary diff-summary",
          "data-testid": "diff-summary",
          "data-gains": diff.gains,
          "data-losses": diff.losses,
          "data-risky-gains": diff.riskyGains,
        },
        h("span", { class: "gained" }, `+${diff.gains} gained`),
        h("span", { class: "lost" }, `−${diff.losses} lost`),
        h(
          "span",
          { class: diff.riskyGains > 0 ? "count-badge bad" : "count-badge good" },
          plural(diff.riskyGains, "risky gain"),
        ),
        h("span", { class: "muted" }, `${plural(diff.changedObjects.length, "changed object")}`),
      ),
    ];
    if (this.options.bootstrapPolicy()) {
      parts.push(
        h(
          "p",
          { class: "muted small", "data-testid": "diff-bootstrap-note" },
          "The diff compares the files only: the Kubernetes bootstrap policy is left out on both sides.",
        ),
      );
    }
    if (diff.changes.length === 0) {
      parts.push(h("p", { class: "muted", "data-testid": "diff-empty" }, "No subject gained or lost a permission."));
    }
    parts.push(...diff.changes.map((change) => this.renderChange(change)));
    if (diff.changedObjects.length > 0) {
      parts.push(
        h(
          "section",
          { class: "view-section" },
          h("h3", null, "Changed objects"),
          h(
            "ul",
            { class: "cause-list", "data-testid": "diff-changed-objects" },
            ...diff.changedObjects.map((change) => this.renderObjectChange(change)),
          ),
        ),
      );
    }
    return parts;
  }

  private renderChange(change: PermissionChange): HTMLElement {
    const scope = change.namespace === null ? "cluster-wide" : `in ${change.namespace}`;
    return h(
      "section",
      {
        class: "diff-change",
        "data-testid": "diff-change",
        "data-subject": change.subject.name,
        "data-namespace": change.namespace ?? "",
      },
      h(
        "h4",
        null,
        h("span", { class: "mono" }, subjectLabel(change.subject)),
        h("span", { class: "muted" }, ` · ${scope}`),
      ),
      h(
        "ul",
        { class: "permission-list" },
        ...change.gained.map((permission) => this.renderPermission("+", permission)),
        ...change.lost.map((permission) => this.renderPermission("−", permission)),
      ),
      change.causes.length === 0
        ? null
        : h(
            "div",
            { class: "causes" },
            h("span", { class: "muted small" }, "Caused by"),
            h(
              "ul",
              { class: "cause-list" },
              ...change.causes.map((cause) => this.renderObjectChange(cause)),
            ),
          ),
    );
  }

  private renderPermission(sign: "+" | "−", permission: Permission): HTMLElement {
    return h(
      "li",
      {
        class: sign === "+" ? "permission gained" : "permission lost",
        "data-testid": "diff-permission",
        "data-sign": sign === "+" ? "gained" : "lost",
        "data-risky": String(permission.risky),
      },
      h("span", { class: "sign", "aria-hidden": "true" }, sign),
      h("span", { class: "mono" }, permissionText(permission)),
      permission.risky
        ? h("span", { class: "leak-badge", title: RISKY_TITLE }, "risky")
        : null,
    );
  }

  // A removed object's location points into the old files, which the editor does not show.
  private renderObjectChange(change: ObjectChange): HTMLElement {
    return h(
      "li",
      {
        "data-testid": "diff-cause",
        "data-change": change.change,
        "data-kind": change.object.kind,
        "data-name": change.object.name,
      },
      h("span", { class: `change-badge change-${change.change}` }, change.change),
      change.change === "removed"
        ? h("span", null, objectLabel(change.object))
        : objectWithLink(change.object, this.options.onReveal),
    );
  }
}
