// The can-i panel: a form for one access request and the analyser's decision with its trace.

import type { CanIQuery, Decision, Grant, Location, NearMiss } from "./api";
import { byId, formValue, h } from "./dom";
import { objectLabel, locationLink, ruleText } from "./format";

export type SubjectMode = "user" | "serviceaccount";
export type TargetMode = "resource" | "nonResource";

/** Form values as typed, before they become a query. */
export interface CanIFormValues {
  subjectMode: SubjectMode;
  user: string;
  serviceAccountNamespace: string;
  serviceAccountName: string;
  groups: string;
  verb: string;
  targetMode: TargetMode;
  group: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  nonResourceURL: string;
}

/** The subject fields shared by the can-i and rules forms. */
export type SubjectFields = Pick<
  CanIFormValues,
  "subjectMode" | "user" | "serviceAccountNamespace" | "serviceAccountName" | "groups"
>;

/**
 * Builds the user to impersonate, `system:serviceaccount:<namespace>:<name>` for a
 * ServiceAccount, with the extra groups; or returns an error message naming the missing field.
 */
export function buildSubject(values: SubjectFields): { user: string; groups: string[] | null } | string {
  let user: string;
  if (values.subjectMode === "user") {
    user = values.user.trim();
    if (user === "") {
      return "Enter a user name.";
    }
  } else {
    const namespace = values.serviceAccountNamespace.trim();
    const name = values.serviceAccountName.trim();
    if (namespace === "" || name === "") {
      return "Enter the namespace and name of the ServiceAccount.";
    }
    user = `system:serviceaccount:${namespace}:${name}`;
  }
  const groups = splitGroups(values.groups);
  return { user, groups: groups.length > 0 ? groups : null };
}

/** Splits groups at commas only, because a group name may contain spaces. */
export function splitGroups(text: string): string[] {
  return text
    .split(",")
    .map((group) => group.trim())
    .filter((group) => group !== "");
}

/** Builds the query, or returns an error message naming the missing field. */
export function buildQuery(values: CanIFormValues): CanIQuery | string {
  const subject = buildSubject(values);
  if (typeof subject === "string") {
    return subject;
  }
  const verb = values.verb.trim();
  if (verb === "") {
    return "Enter a verb.";
  }
  const query: CanIQuery = { ...subject, verb };

  if (values.targetMode === "nonResource") {
    const url = values.nonResourceURL.trim();
    if (url === "") {
      return "Enter a non-resource URL such as /healthz.";
    }
    query.nonResourceURL = url;
    return query;
  }

  const resource = values.resource.trim();
  if (resource === "") {
    return "Enter a resource such as inferenceservices.";
  }
  query.group = values.group.trim();
  query.resource = resource;
  query.subresource = emptyToNull(values.subresource);
  query.name = emptyToNull(values.name);
  query.namespace = emptyToNull(values.namespace);
  return query;
}

export function emptyToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** A ready-made query about the bundled example's tenants. */
interface Preset {
  label: string;
  values: Partial<CanIFormValues>;
}

const RESOURCE_DEFAULTS: Partial<CanIFormValues> = {
  subjectMode: "user",
  groups: "",
  targetMode: "resource",
  group: "serving.kserve.io",
  resource: "inferenceservices",
  subresource: "",
  name: "",
};

const PRESETS: Preset[] = [
  {
    label: "Profile owner creates an InferenceService",
    values: { user: "alice@example.com", verb: "create", namespace: "team-a" },
  },
  {
    label: "Edit contributor deletes an InferenceService",
    values: { user: "carol@example.com", verb: "delete", namespace: "team-a" },
  },
  {
    label: "View contributor creates an InferenceService",
    values: { user: "dave@example.com", verb: "create", namespace: "team-b" },
  },
  {
    label: "Owner of another namespace lists InferenceServices",
    values: { user: "bob@example.com", verb: "list", namespace: "team-a" },
  },
  {
    label: "Pipeline step (default-editor) creates an InferenceService",
    values: {
      subjectMode: "serviceaccount",
      serviceAccountNamespace: "team-a",
      serviceAccountName: "default-editor",
      verb: "create",
      namespace: "team-a",
    },
  },
  {
    label: "Profile owner updates an InferenceService's status",
    values: { user: "alice@example.com", verb: "update", subresource: "status", namespace: "team-a" },
  },
];

export interface CanIPanelOptions {
  evaluate(query: CanIQuery): Promise<Decision>;
  onReveal(location: Location): void;
}

/** Wires the static form in index.html and renders decisions into #cani-result. */
export class CanIPanel {
  private readonly form = byId<HTMLFormElement>("cani-form");
  private readonly result = byId("cani-result");
  private lastQuery: CanIQuery | null = null;
  private requestCounter = 0;

  constructor(private readonly options: CanIPanelOptions) {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.form.addEventListener("change", () => this.updateModes());
    this.setUpPresets();
    this.fill({ ...RESOURCE_DEFAULTS, ...PRESETS[0].values });
  }

  private setUpPresets(): void {
    const select = byId<HTMLSelectElement>("cani-preset");
    select.replaceChildren(
      h("option", { value: "" }, "Choose an example query…"),
      ...PRESETS.map((preset, index) => h("option", { value: index }, preset.label)),
    );
    select.addEventListener("change", () => {
      const preset = PRESETS[Number(select.value)];
      if (select.value === "" || preset === undefined) {
        return;
      }
      this.fill({ ...RESOURCE_DEFAULTS, ...preset.values });
      this.submit();
    });
    // A field typed by hand no longer matches the chosen example.
    this.form.addEventListener("input", (event) => {
      if (event.target !== select) {
        select.value = "";
      }
    });
  }

  /** Sets form fields by name, then shows the fields of the chosen modes. */
  private fill(values: Partial<CanIFormValues>): void {
    for (const [name, value] of Object.entries(values)) {
      const element = this.form.elements.namedItem(name);
      if (element instanceof RadioNodeList) {
        element.value = value;
      } else if (element instanceof HTMLInputElement) {
        element.value = value;
      }
    }
    this.updateModes();
  }

  /** Evaluates the last submitted query again, after the manifests changed. */
  refresh(): void {
    if (this.lastQuery !== null) {
      void this.evaluate(this.lastQuery);
    }
  }

  private field(name: string): string {
    const element = this.form.elements.namedItem(name);
    if (element instanceof RadioNodeList || element instanceof HTMLInputElement) {
      return element.value;
    }
    return "";
  }

  private values(): CanIFormValues {
    return {
      subjectMode: this.field("subjectMode") as SubjectMode,
      user: this.field("user"),
      serviceAccountNamespace: this.field("serviceAccountNamespace"),
      serviceAccountName: this.field("serviceAccountName"),
      groups: this.field("groups"),
      verb: this.field("verb"),
      targetMode: this.field("targetMode") as TargetMode,
      group: this.field("group"),
      resource: this.field("resource"),
      subresource: this.field("subresource"),
      name: this.field("name"),
      namespace: this.field("namespace"),
      nonResourceURL: this.field("nonResourceURL"),
    };
  }

  private updateModes(): void {
    showModeFields(this.form);
  }

  private submit(): void {
    const query = buildQuery(this.values());
    if (typeof query === "string") {
      this.lastQuery = null;
      this.result.replaceChildren(h("p", { class: "form-error", "data-testid": "cani-error" }, query));
      return;
    }
    this.lastQuery = query;
    void this.evaluate(query);
  }

  private async evaluate(query: CanIQuery): Promise<void> {
    const request = ++this.requestCounter;
    this.result.setAttribute("aria-busy", "true");
    try {
      const decision = await this.options.evaluate(query);
      if (request === this.requestCounter) {
        this.result.replaceChildren(...renderDecision(decision, this.options.onReveal));
      }
    } catch (error) {
      if (request === this.requestCounter) {
        const message = error instanceof Error ? error.message : String(error);
        this.result.replaceChildren(
          h("p", { class: "form-error", "data-testid": "cani-error" }, `The query failed: ${message}`),
        );
      }
    } finally {
      if (request === this.requestCounter) {
        this.result.removeAttribute("aria-busy");
      }
    }
  }
}

/**
 * Shows the fields of the chosen modes of a form: an element with data-subject-mode,
 * data-target-mode or data-matrix-mode is visible when the radio group subjectMode, targetMode
 * or matrixMode has that value.
 */
export function showModeFields(form: HTMLFormElement): void {
  const groups = [
    ["subjectMode", "data-subject-mode"],
    ["targetMode", "data-target-mode"],
    ["matrixMode", "data-matrix-mode"],
  ] as const;
  for (const [name, attribute] of groups) {
    const value = formValue(form, name);
    for (const element of form.querySelectorAll<HTMLElement>(`[${attribute}]`)) {
      element.hidden = element.getAttribute(attribute) !== value;
    }
  }
}

export function renderDecision(
  decision: Decision,
  onReveal: (location: Location) => void,
): HTMLElement[] {
  const parts: HTMLElement[] = [
    h(
      "div",
      {
        class: decision.allowed ? "verdict allowed" : "verdict denied",
        "data-testid": "cani-verdict",
        "data-allowed": String(decision.allowed),
      },
      h("span", { class: "verdict-word" }, decision.allowed ? "Allowed" : "Denied"),
      h(
        "span",
        { class: "verdict-reason", "data-testid": "cani-reason" },
        decision.reason !== "" ? decision.reason : "No RBAC rule allows this request.",
      ),
    ),
    h(
      "p",
      { class: "effective-identity", "data-testid": "cani-identity" },
      "Evaluated as ",
      h("code", null, decision.user),
      decision.groups.length > 0 ? " in groups " : " with no groups",
      ...decision.groups.flatMap((group, index) => [
        index > 0 ? ", " : "",
        h("code", null, group),
      ]),
      ".",
    ),
  ];
  if (decision.trace !== null) {
    parts.push(renderTrace(decision.trace, onReveal));
  }
  if (decision.nearMisses.length > 0) {
    parts.push(
      h(
        "section",
        { class: "near-misses", "data-testid": "cani-near-misses" },
        h("h4", null, decision.allowed ? "Other bindings that almost matched" : "Near misses"),
        h("ul", null, ...decision.nearMisses.map((miss) => renderNearMiss(miss, onReveal))),
      ),
    );
  } else if (!decision.allowed) {
    parts.push(h("p", { class: "muted" }, "No binding came close to allowing this request."));
  }
  if (decision.evaluationErrors.length > 0) {
    parts.push(
      h(
        "section",
        { class: "evaluation-errors", "data-testid": "cani-evaluation-errors" },
        h("h4", null, "Evaluation errors"),
        h("ul", null, ...decision.evaluationErrors.map((error) => h("li", null, error))),
      ),
    );
  }
  return parts;
}

/** Returns the ClusterRole names from the bound role down to the one that contains the rule. */
export function aggregationChain(grant: Grant): string[] {
  const path = grant.aggregationPath;
  if (path.length === 0) {
    return [grant.role.name];
  }
  return path[0] === grant.role.name ? path : [grant.role.name, ...path];
}

function renderTrace(grant: Grant, onReveal: (location: Location) => void): HTMLElement {
  const chain = aggregationChain(grant);
  const holder = chain[chain.length - 1];
  const subject = grant.subject;
  const subjectText = subject.namespace
    ? `${subject.kind} ${subject.namespace}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
  return h(
    "section",
    { class: "trace", "data-testid": "cani-trace" },
    h("h4", null, "Granted by"),
    h(
      "dl",
      null,
      h("dt", null, "Subject"),
      h("dd", { "data-testid": "trace-subject" }, subjectText),
      h("dt", null, "Binding"),
      h(
        "dd",
        { "data-testid": "trace-binding" },
        objectLabel(grant.binding),
        grant.binding.implied ? h("span", { class: "implied-badge" }, "implied") : null,
        grant.binding.location ? locationLink(grant.binding.location, onReveal) : null,
      ),
      h("dt", null, "Role"),
      h(
        "dd",
        { "data-testid": "trace-role" },
        objectLabel(grant.role),
        grant.role.location ? locationLink(grant.role.location, onReveal) : null,
      ),
      h("dt", null, "Aggregation"),
      h(
        "dd",
        { "data-testid": "trace-aggregation" },
        chain.length === 1
          ? "None: the bound role contains the rule itself."
          : h(
              "ol",
              { class: "aggregation-path" },
              ...chain.map((name) => h("li", { "data-testid": "aggregation-step" }, name)),
            ),
      ),
      h("dt", null, "Rule"),
      h(
        "dd",
        { "data-testid": "trace-rule" },
        h("span", { class: "muted" }, `rules[${grant.ruleIndex}] of ClusterRole ${holder}`),
        h("pre", { class: "rule" }, ruleText(grant.rule)),
      ),
    ),
  );
}

function renderNearMiss(miss: NearMiss, onReveal: (location: Location) => void): HTMLElement {
  const refs = [miss.binding, miss.role].filter((ref) => ref !== null);
  return h(
    "li",
    { class: "near-miss", "data-testid": "near-miss", "data-attribute": miss.attribute },
    h("span", { class: "attribute-badge" }, miss.attribute),
    h("span", { class: "near-miss-message" }, miss.message),
    refs.length > 0
      ? h(
          "div",
          { class: "near-miss-refs" },
          ...refs.map((ref) =>
            h(
              "span",
              { class: "ref" },
              objectLabel(ref),
              ref.location ? locationLink(ref.location, onReveal) : null,
            ),
          ),
        )
      : null,
    miss.rule ? h("pre", { class: "rule" }, ruleText(miss.rule)) : null,
  );
}
