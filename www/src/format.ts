// Text forms of analyser values shared by the panels.

import type { Location, ObjectRef, PolicyRule } from "./api";
import { h } from "./dom";

/** "RoleBinding team-a/namespaceAdmin", or "ClusterRole kubeflow-admin" for cluster scope. */
export function objectLabel(ref: Pick<ObjectRef, "kind" | "name" | "namespace">): string {
  const scoped = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return `${ref.kind} ${scoped}`;
}

/** "file.yaml:12:3", or without the column when the analyser has none. */
export function locationLabel(location: Location): string {
  const column = location.column === null ? "" : `:${location.column}`;
  return `${location.file}:${location.line}${column}`;
}

/** Creates a button that shows the location in the editor. */
export function locationLink(
  location: Location,
  onReveal: (location: Location) => void,
  label = locationLabel(location),
): HTMLElement {
  return h(
    "button",
    {
      type: "button",
      class: "location-link",
      "data-testid": "location-link",
      title: "Show in editor",
      onclick: (event: Event) => {
        event.stopPropagation();
        onReveal(location);
      },
    },
    label,
  );
}

const RULE_FIELDS = ["apiGroups", "resources", "resourceNames", "nonResourceURLs", "verbs"] as const;

/** Formats a PolicyRule as YAML with flow-style lists, in the field order Kubernetes prints. */
export function ruleText(rule: PolicyRule): string {
  const lines: string[] = [];
  for (const field of RULE_FIELDS) {
    const values = rule[field];
    if (values === null || values === undefined || values.length === 0) {
      continue;
    }
    lines.push(`${field}: [${values.map((value) => JSON.stringify(value)).join(", ")}]`);
  }
  return lines.length === 0 ? "{}" : lines.join("\n");
}
