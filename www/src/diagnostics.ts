// The diagnostics list under the editor.

import type { Diagnostic, Location, Severity } from "./api";
import { h, plural } from "./dom";
import { locationLabel, objectLabel } from "./format";

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_LABEL: Record<Severity, string> = { error: "error", warning: "warning", info: "info" };

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
    if (bySeverity !== 0) {
      return bySeverity;
    }
    const fileA = a.location?.file ?? "";
    const fileB = b.location?.file ?? "";
    if (fileA !== fileB) {
      return fileA.localeCompare(fileB);
    }
    return (a.location?.line ?? 0) - (b.location?.line ?? 0);
  });
}

export function diagnosticsSummary(diagnostics: Diagnostic[]): string {
  if (diagnostics.length === 0) {
    return "No problems";
  }
  const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length;
  return [
    plural(count("error"), "error"),
    plural(count("warning"), "warning"),
    plural(count("info"), "note"),
  ].join(" · ");
}

export function renderDiagnostics(
  list: HTMLElement,
  diagnostics: Diagnostic[],
  onReveal: (location: Location) => void,
): void {
  if (diagnostics.length === 0) {
    list.replaceChildren(
      h("li", { class: "empty", "data-testid": "diagnostics-empty" }, "No problems found."),
    );
    return;
  }
  list.replaceChildren(...sortDiagnostics(diagnostics).map((d) => renderItem(d, onReveal)));
}

function renderItem(diagnostic: Diagnostic, onReveal: (location: Location) => void): HTMLElement {
  const location = diagnostic.location;
  const reveal = location === null ? null : () => onReveal(location);
  return h(
    "li",
    {
      class: `diagnostic severity-${diagnostic.severity}${reveal ? " clickable" : ""}`,
      "data-testid": "diagnostic",
      "data-severity": diagnostic.severity,
      "data-code": diagnostic.code,
      tabindex: reveal ? 0 : null,
      title: reveal ? "Show in editor" : null,
      onclick: reveal ?? undefined,
      onkeydown: reveal
        ? (event: Event) => {
            const key = (event as KeyboardEvent).key;
            if (key === "Enter" || key === " ") {
              event.preventDefault();
              reveal();
            }
          }
        : undefined,
    },
    h(
      "div",
      { class: "diagnostic-head" },
      h("span", { class: `severity-badge severity-${diagnostic.severity}` }, SEVERITY_LABEL[diagnostic.severity]),
      h("code", { class: "diagnostic-code" }, diagnostic.code),
      h("span", { class: "diagnostic-message", "data-testid": "diagnostic-message" }, diagnostic.message),
    ),
    h(
      "div",
      { class: "diagnostic-meta" },
      location
        ? h("span", { class: "diagnostic-location", "data-testid": "diagnostic-location" }, locationLabel(location))
        : null,
      diagnostic.object ? h("span", { class: "diagnostic-object" }, objectLabel(diagnostic.object)) : null,
    ),
    diagnostic.help ? h("div", { class: "diagnostic-help" }, `help: ${diagnostic.help}`) : null,
  );
}
