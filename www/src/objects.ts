// The objects panel: every object the analyser found, grouped by kind.

import type { Location, ObjectSummary } from "./api";
import { h, plural } from "./dom";
import { locationLink } from "./format";

// Kinds in the order a reader follows RBAC: tenants first, then roles, then who gets them.
const KIND_ORDER = [
  "Profile",
  "Namespace",
  "ClusterRole",
  "Role",
  "ClusterRoleBinding",
  "RoleBinding",
  "ServiceAccount",
];

function kindRank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index < 0 ? KIND_ORDER.length : index;
}

export function renderObjects(
  summaryHost: HTMLElement,
  listHost: HTMLElement,
  objects: ObjectSummary[],
  onReveal: (location: Location) => void,
): void {
  const byKind = new Map<string, ObjectSummary[]>();
  for (const object of objects) {
    const list = byKind.get(object.kind) ?? [];
    list.push(object);
    byKind.set(object.kind, list);
  }
  const kinds = [...byKind.keys()].sort(
    (a, b) => kindRank(a) - kindRank(b) || a.localeCompare(b),
  );
  const impliedCount = objects.filter((object) => object.implied).length;

  summaryHost.replaceChildren(
    h(
      "p",
      { class: "objects-total", "data-testid": "objects-total", "data-count": objects.length },
      plural(objects.length, "object"),
      impliedCount > 0 ? `, ${impliedCount} of them implied by Profiles` : "",
    ),
    h(
      "ul",
      { class: "kind-counts" },
      ...kinds.map((kind) =>
        h(
          "li",
          {
            class: "kind-count",
            "data-testid": "objects-kind-count",
            "data-kind": kind,
            "data-count": byKind.get(kind)?.length ?? 0,
          },
          h("span", { class: "kind-count-number" }, String(byKind.get(kind)?.length ?? 0)),
          ` ${kind}`,
        ),
      ),
    ),
  );

  if (objects.length === 0) {
    listHost.replaceChildren(h("p", { class: "empty" }, "No Kubernetes objects in the files."));
    return;
  }
  listHost.replaceChildren(
    ...kinds.map((kind) => renderKind(kind, byKind.get(kind) ?? [], onReveal)),
  );
}

function renderKind(
  kind: string,
  objects: ObjectSummary[],
  onReveal: (location: Location) => void,
): HTMLElement {
  const sorted = [...objects].sort(
    (a, b) =>
      (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.name.localeCompare(b.name),
  );
  return h(
    "section",
    { class: "kind-group", "data-testid": "objects-kind", "data-kind": kind },
    h("h3", null, kind, h("span", { class: "count" }, String(objects.length))),
    h(
      "ul",
      { class: "object-list" },
      ...sorted.map((object) =>
        h(
          "li",
          {
            class: object.implied ? "object implied" : "object",
            "data-testid": "object",
            "data-kind": object.kind,
            "data-name": object.name,
            "data-implied": String(object.implied),
          },
          h(
            "span",
            { class: "object-name" },
            object.namespace ? h("span", { class: "object-namespace" }, `${object.namespace}/`) : null,
            object.name,
          ),
          object.implied
            ? h(
                "span",
                { class: "implied-badge", "data-testid": "implied-badge" },
                object.impliedBy ? `implied by Profile ${object.impliedBy}` : "implied",
              )
            : null,
          object.location ? locationLink(object.location, onReveal) : null,
        ),
      ),
    ),
  );
}
