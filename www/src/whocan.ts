// The who-can panel: a request without a subject, and every subject that RBAC allows it for.

import type { Location, SubjectAccess, WhoCan, WhoCanQuery } from "./api";
import { emptyToNull, showModeFields } from "./cani";
import { byId, formValue, h, plural, setFormValues, table } from "./dom";
import { breakable, objectWithLink } from "./format";
import { AnalysisView, LatestRequest } from "./view";

export interface WhoCanPanelOptions {
  whoCan(query: WhoCanQuery): Promise<WhoCan>;
  onReveal(location: Location): void;
}

const KIND_ORDER = ["User", "Group", "ServiceAccount"];

/** Builds the query from the form, or returns an error message naming the missing field. */
export function buildWhoCanQuery(form: HTMLFormElement): WhoCanQuery | string {
  const verb = formValue(form, "verb").trim();
  if (verb === "") {
    return "Enter a verb.";
  }
  if (formValue(form, "targetMode") === "nonResource") {
    const url = formValue(form, "nonResourceURL").trim();
    if (url === "") {
      return "Enter a non-resource URL such as /healthz.";
    }
    return { verb, nonResourceURL: url };
  }
  const resource = formValue(form, "resource").trim();
  if (resource === "") {
    return "Enter a resource such as inferenceservices.";
  }
  return {
    verb,
    group: formValue(form, "group").trim(),
    resource,
    subresource: emptyToNull(formValue(form, "subresource")),
    name: emptyToNull(formValue(form, "name")),
    namespace: emptyToNull(formValue(form, "namespace")),
  };
}

export class WhoCanPanel extends AnalysisView {
  private readonly form = byId<HTMLFormElement>("whocan-form");
  private readonly result = byId("whocan-result");
  private readonly requests = new LatestRequest(this.result);
  private query: WhoCanQuery | null = null;

  constructor(private readonly options: WhoCanPanelOptions) {
    super(byId("panel-whocan"));
    setFormValues(this.form, {
      verb: "create",
      targetMode: "resource",
      group: "serving.kserve.io",
      resource: "inferenceservices",
      namespace: "team-a",
    });
    showModeFields(this.form);
    this.form.addEventListener("change", () => showModeFields(this.form));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  // Until the form is first submitted, the panel runs the query that its fields were filled with.
  protected run(): void {
    if (this.query === null) {
      this.submit();
      return;
    }
    const query = this.query;
    void this.requests.run(
      this.revision,
      () => this.options.whoCan(query),
      (result) => this.result.replaceChildren(...this.render(result)),
    );
  }

  private submit(): void {
    const query = buildWhoCanQuery(this.form);
    if (typeof query === "string") {
      this.query = null;
      this.requests.showError(query);
      return;
    }
    this.query = query;
    this.run();
  }

  private render(result: WhoCan): HTMLElement[] {
    const subjects = [...result.subjects].sort(compareAccess);
    const distinct = new Set(subjects.map((access) => subjectKey(access)));
    const parts: HTMLElement[] = [
      h(
        "p",
        { class: "view-summary", "data-testid": "whocan-summary", "data-count": distinct.size },
        subjects.length === 0
          ? "No subject is allowed this request."
          : `${plural(distinct.size, "subject")} through ${plural(subjects.length, "grant")}.`,
      ),
    ];
    if (subjects.length > 0) {
      parts.push(
        table(
          ["Kind", "Name", "SA namespace", "Binding", "Role and aggregation path"],
          subjects.map((access) => this.renderRow(access)),
          { "data-testid": "whocan-table" },
        ),
      );
    }
    if (result.evaluationErrors.length > 0) {
      parts.push(renderEvaluationErrors(result.evaluationErrors));
    }
    return parts;
  }

  private renderRow(access: SubjectAccess): HTMLTableRowElement {
    const subject = access.subject;
    const path = access.aggregationPath;
    const holder = path.length > 0 ? path[path.length - 1] : access.role.name;
    return h(
      "tr",
      {
        "data-testid": "whocan-row",
        "data-kind": subject.kind,
        "data-name": subject.name,
        "data-binding": access.binding.name,
      },
      h("td", null, subject.kind),
      h("td", { class: "mono" }, ...breakable(subject.name)),
      h("td", { class: "mono" }, subject.kind === "ServiceAccount" ? (subject.namespace ?? "") : ""),
      h("td", null, objectWithLink(access.binding, this.options.onReveal)),
      h(
        "td",
        { "data-testid": "whocan-role", title: `rules[${access.ruleIndex}] of ${holder}` },
        objectWithLink(access.role, this.options.onReveal),
        path.length === 0
          ? null
          : h(
              "ol",
              { class: "aggregation-path vertical", "data-testid": "whocan-aggregation" },
              ...path.map((name) => h("li", null, name)),
            ),
      ),
    );
  }
}

function subjectKey(access: SubjectAccess): string {
  const subject = access.subject;
  return `${subject.kind}\u0000${subject.namespace ?? ""}\u0000${subject.name}`;
}

function kindRank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index < 0 ? KIND_ORDER.length : index;
}

function compareAccess(a: SubjectAccess, b: SubjectAccess): number {
  return (
    kindRank(a.subject.kind) - kindRank(b.subject.kind) ||
    (a.subject.namespace ?? "").localeCompare(b.subject.namespace ?? "") ||
    a.subject.name.localeCompare(b.subject.name) ||
    a.binding.name.localeCompare(b.binding.name)
  );
}

export function renderEvaluationErrors(errors: string[]): HTMLElement {
  return h(
    "section",
    { class: "evaluation-errors", "data-testid": "evaluation-errors" },
    h("h4", null, "Evaluation errors"),
    h("ul", null, ...errors.map((error) => h("li", null, error))),
  );
}
