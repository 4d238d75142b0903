// Text forms of analyser values shared by the panels.

import type { Location, ObjectRef, PolicyRule, Subject } from "./api";
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

/**
 * The file name that the analyser gives the objects of the Kubernetes bootstrap policy.
 * NOTE: a copy of BOOTSTRAP_FILE_NAME in src/rbac/bootstrap.rs, which the wasm API does not export.
 */
export const BOOTSTRAP_FILE = "<kubernetes bootstrap policy>";

/**
 * Creates a button that shows the location in the editor. Objects of the bootstrap policy have
 * no file in the editor, so they get a plain label instead.
 */
export function locationLink(
  location: Location,
  onReveal: (location: Location) => void,
  label = locationLabel(location),
): HTMLElement {
  if (location.file === BOOTSTRAP_FILE) {
    return h(
      "span",
      { class: "location-builtin", "data-testid": "location-builtin" },
      "Kubernetes bootstrap policy",
    );
  }
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

/** "inferenceservices.serving.kserve.io", or "pods" for the core group, as kubectl prints it. */
export function resourceLabel(group: string | null | undefined, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** "User alice@example.com", or "ServiceAccount team-a/default-editor". */
export function subjectLabel(subject: Subject): string {
  return subject.namespace
    ? `${subject.kind} ${subject.namespace}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

/** Creates the label of an object with its "implied" badge and a link to its location. */
export function objectWithLink(ref: ObjectRef, onReveal: (location: Location) => void): HTMLElement {
  return h(
    "span",
    { class: "object-ref" },
    ...breakable(objectLabel(ref)),
    ref.implied ? h("span", { class: "implied-badge" }, "implied") : null,
    ref.location ? locationLink(ref.location, onReveal) : null,
  );
}

/**
 * Splits text into text nodes with <wbr> break opportunities after ".", "/", "@" and ":", so
 * long names such as "llminferenceserviceconfigs.serving.kserve.io" wrap in narrow table cells.
 */
export function breakable(text: string): Node[] {
  const nodes: Node[] = [];
  for (const part of text.split(/(?<=[./@:])/)) {
    if (nodes.length > 0) {
      nodes.push(h("wbr"));
    }
    nodes.push(document.createTextNode(part));
  }
  return nodes;
}

/**
 * Creates "resource.group" with the group muted and a break opportunity before it, so a narrow
 * cell wraps between the two parts and never inside the group.
 */
export function resourceNode(label: string): HTMLElement {
  const dot = label.indexOf(".");
  if (dot < 0) {
    return h("span", { class: "resource-name" }, label);
  }
  return h(
    "span",
    { class: "resource-name" },
    label.slice(0, dot),
    h("wbr"),
    h("span", { class: "resource-group" }, label.slice(dot)),
  );
}
