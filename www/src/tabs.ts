// The row of file tabs above the editor, with a badge of each file's diagnostics.

import type { Severity } from "./api";
import { h } from "./dom";

const SEVERITY_ORDER: Severity[] = ["error", "warning", "info"];

export function worstSeverity(severities: Severity[]): Severity {
  return SEVERITY_ORDER.find((severity) => severities.includes(severity)) ?? "info";
}

export interface TabCallbacks {
  onSelect(name: string): void;
  /** Returns an error message when the rename is rejected, or null after renaming. */
  onRename(oldName: string, newName: string): string | null;
  onDelete(name: string): void;
}

export interface TabBadge {
  severity: Severity;
  count: number;
}

/** The row of file tabs. Double-clicking a tab's name renames the file in place. */
export class FileTabs {
  private names: string[] = [];
  private active = "";
  private badges = new Map<string, TabBadge>();
  /** Name of the file whose tab shows the rename field, or null. */
  private renaming: string | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly callbacks: TabCallbacks,
  ) {}

  render(names: string[], active: string, badges?: Map<string, TabBadge>): void {
    this.names = names;
    this.active = active;
    if (badges !== undefined) {
      this.badges = badges;
    }
    // Rebuilding the tabs would drop the rename field with what the user typed, so the new
    // state is shown once the rename ends.
    if (this.renaming !== null) {
      return;
    }
    this.host.replaceChildren(...names.map((name) => this.renderTab(name)));
    this.host.querySelector(".file-tab.selected")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  /** Replaces the active tab's name with a text field. */
  startRename(name: string): void {
    const tab = [...this.host.querySelectorAll<HTMLElement>(".file-tab")].find(
      (element) => element.dataset.file === name,
    );
    const label = tab?.querySelector(".tab-label");
    if (tab === undefined || label === null || label === undefined || this.renaming !== null) {
      return;
    }
    const input = h("input", {
      class: "tab-rename",
      "data-testid": "file-rename-input",
      "aria-label": `New name for ${name}`,
      value: name,
      size: Math.max(name.length, 8),
    });
    let finished = false;
    // An invalid name keeps the field open after Enter, and is discarded when focus leaves.
    const finish = (commit: boolean, keepOpenOnError: boolean) => {
      if (finished) {
        return;
      }
      if (commit && input.value !== name) {
        const error = this.callbacks.onRename(name, input.value);
        if (error !== null && keepOpenOnError) {
          input.setCustomValidity(error);
          input.reportValidity();
          return;
        }
      }
      finished = true;
      this.renaming = null;
      this.render(this.names, this.active);
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        finish(true, true);
      } else if (event.key === "Escape") {
        event.preventDefault();
        finish(false, false);
      }
    });
    input.addEventListener("input", () => input.setCustomValidity(""));
    input.addEventListener("blur", () => finish(true, false));
    this.renaming = name;
    label.replaceWith(input);
    input.focus();
    input.select();
  }

  private renderTab(name: string): HTMLElement {
    const selected = name === this.active;
    const badge = this.badges.get(name);
    return h(
      "div",
      {
        class: selected ? "file-tab selected" : "file-tab",
        "data-testid": "file-tab",
        "data-file": name,
        role: "presentation",
      },
      h(
        "button",
        {
          type: "button",
          class: "tab-label",
          role: "tab",
          "aria-selected": String(selected),
          title: "Double-click to rename",
          onclick: () => this.callbacks.onSelect(name),
          ondblclick: () => this.startRename(name),
        },
        name,
        badge !== undefined && badge.count > 0
          ? h(
              "span",
              {
                class: `tab-badge severity-${badge.severity}`,
                "data-testid": "file-tab-badge",
                title: `${badge.count} ${badge.severity === "info" ? "notes" : badge.severity + "s"}`,
              },
              String(badge.count),
            )
          : null,
      ),
      h(
        "button",
        {
          type: "button",
          class: "tab-close",
          "data-testid": "file-delete",
          title: `Delete ${name}`,
          "aria-label": `Delete ${name}`,
          onclick: () => this.callbacks.onDelete(name),
        },
        "×",
      ),
    );
  }
}
