// The manifest editor: a plain textarea with a line-number gutter, diagnostic markers in the
// gutter and a highlight for the line that a diagnostic points to, plus the file tabs above it.

import type { Severity } from "./api";
import { h } from "./dom";

export interface EditorMarker {
  line: number;
  severity: Severity;
  message: string;
}

export class Editor {
  readonly textarea: HTMLTextAreaElement;
  private readonly gutterContent: HTMLElement;
  private readonly lineNumbers: HTMLElement;
  private readonly markerLayer: HTMLElement;
  private readonly highlight: HTMLElement;
  private lineCount = 0;
  private highlightedLine: number | null = null;

  constructor(host: HTMLElement, onInput: (text: string) => void) {
    this.lineNumbers = h("pre", { class: "line-numbers", "aria-hidden": "true" });
    this.markerLayer = h("div", { class: "marker-layer" });
    this.gutterContent = h("div", { class: "gutter-content" }, this.markerLayer, this.lineNumbers);
    this.highlight = h("div", { class: "line-highlight", hidden: true });
    this.textarea = h("textarea", {
      class: "editor-text",
      "data-testid": "editor",
      "aria-label": "Manifest text",
      spellcheck: "false",
      autocapitalize: "off",
      autocomplete: "off",
      wrap: "off",
    });
    host.replaceChildren(
      h("div", { class: "editor-gutter" }, this.gutterContent),
      h("div", { class: "editor-body" }, this.highlight, this.textarea),
    );

    this.textarea.addEventListener("input", () => {
      this.updateLineNumbers();
      this.clearHighlight();
      onInput(this.textarea.value);
    });
    this.textarea.addEventListener("scroll", () => this.syncScroll());
  }

  setText(text: string): void {
    this.textarea.value = text;
    this.textarea.scrollTop = 0;
    this.textarea.scrollLeft = 0;
    this.clearHighlight();
    this.updateLineNumbers();
    this.syncScroll();
  }

  /** Moves the caret to a 1-based line and column, scrolls it into view and highlights it. */
  revealLine(line: number, column: number | null): void {
    const text = this.textarea.value;
    let offset = 0;
    for (let current = 1; current < line; current++) {
      const newline = text.indexOf("\n", offset);
      if (newline < 0) {
        break;
      }
      offset = newline + 1;
    }
    const lineEnd = text.indexOf("\n", offset);
    const lineLength = (lineEnd < 0 ? text.length : lineEnd) - offset;
    const caret = offset + Math.min(Math.max((column ?? 1) - 1, 0), lineLength);

    this.textarea.focus({ preventScroll: true });
    this.textarea.setSelectionRange(caret, caret);
    const lineHeight = this.lineHeight();
    this.textarea.scrollTop = Math.max(0, (line - 1) * lineHeight - this.textarea.clientHeight / 3);
    this.highlightedLine = line;
    this.highlight.hidden = false;
    this.syncScroll();
  }

  setMarkers(markers: EditorMarker[]): void {
    const lineHeight = this.lineHeight();
    const byLine = new Map<number, EditorMarker[]>();
    for (const marker of markers) {
      const list = byLine.get(marker.line) ?? [];
      list.push(marker);
      byLine.set(marker.line, list);
    }
    const elements = [...byLine].map(([line, lineMarkers]) => {
      const severity = worstSeverity(lineMarkers.map((marker) => marker.severity));
      const element = h("div", {
        class: `gutter-marker severity-${severity}`,
        title: lineMarkers.map((marker) => marker.message).join("\n"),
      });
      // CSSOM properties, unlike a style attribute, are allowed by the page's style-src 'self'.
      element.style.top = `${(line - 1) * lineHeight}px`;
      element.style.height = `${lineHeight}px`;
      return element;
    });
    this.markerLayer.replaceChildren(...elements);
  }

  private clearHighlight(): void {
    this.highlightedLine = null;
    this.highlight.hidden = true;
  }

  private updateLineNumbers(): void {
    let count = 1;
    const text = this.textarea.value;
    for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) {
      count++;
    }
    if (count === this.lineCount) {
      return;
    }
    this.lineCount = count;
    const numbers = new Array<string>(count);
    for (let line = 1; line <= count; line++) {
      numbers[line - 1] = String(line);
    }
    this.lineNumbers.textContent = numbers.join("\n");
  }

  private syncScroll(): void {
    const top = this.textarea.scrollTop;
    this.gutterContent.style.transform = `translateY(${-top}px)`;
    if (this.highlightedLine !== null) {
      const offset = (this.highlightedLine - 1) * this.lineHeight() - top;
      this.highlight.style.transform = `translateY(${offset}px)`;
    }
  }

  private lineHeight(): number {
    return parseFloat(getComputedStyle(this.textarea).lineHeight) || 20;
  }
}

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
