// The rules panel: every rule that applies to a user in a namespace, as
// `kubectl auth can-i --list` prints them, with the binding each comes from.

import type { Location, RuleList, RulesQuery, ScopedRule } from "./api";
import { buildSubject, emptyToNull, showModeFields, type SubjectMode } from "./cani";
import { byId, formValue, h, plural, setFormValues } from "./dom";
import { objectWithLink, resourceLabel, resourceNode } from "./format";
import { AnalysisView, LatestRequest } from "./view";
import { renderEvaluationErrors } from "./whocan";

export interface RulesPanelOptions {
  rulesFor(query: RulesQuery): Promise<RuleList>;
  onReveal(location: Location): void;
}

/** Builds the query from the form, or returns an error message naming the missing field. */
export function buildRulesQuery(form: HTMLFormElement): RulesQuery | string {
  const subject = buildSubject({
    subjectMode: formValue(form, "subjectMode") as SubjectMode,
    user: formValue(form, "user"),
    serviceAccountNamespace: formValue(form, "serviceAccountNamespace"),
    serviceAccountName: formValue(form, "serviceAccountName"),
    groups: formValue(form, "groups"),
  });
  if (typeof subject === "string") {
    return subject;
  }
  return { ...subject, namespace: emptyToNull(formValue(form, "namespace")) };
}

/** Lists every "resource.group" pair a rule names, as kubectl prints them. */
export function ruleResources(scoped: ScopedRule): string[] {
  const groups = scoped.rule.apiGroups ?? [];
  const resources = scoped.rule.resources ?? [];
  return groups.flatMap((group) => resources.map((resource) => resourceLabel(group, resource)));
}

export class RulesPanel extends AnalysisView {
  private readonly form = byId<HTMLFormElement>("rules-form");
  private readonly result = byId("rules-result");
  private readonly requests = new LatestRequest(this.result);
  private query: RulesQuery | null = null;

  constructor(private readonly options: RulesPanelOptions) {
    super(byId("panel-rules"));
    setFormValues(this.form, {
      subjectMode: "user",
      user: "alice@example.com",
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
      () => this.options.rulesFor(query),
      (result) => this.result.replaceChildren(...this.render(result)),
    );
  }

  private submit(): void {
    const query = buildRulesQuery(this.form);
    if (typeof query === "string") {
      this.query = null;
      this.requests.showError(query);
      return;
    }
    this.query = query;
    this.run();
  }

  private render(result: RuleList): HTMLElement[] {
    const scope = result.namespace === "" ? "cluster-wide" : `in namespace ${result.namespace}`;
    const parts: HTMLElement[] = [
      h(
        "p",
        { class: "effective-identity", "data-testid": "rules-identity" },
        "Rules of ",
        h("code", null, result.user),
        result.groups.length > 0 ? " in groups " : " with no groups",
        ...result.groups.flatMap((group, index) => [index > 0 ? ", " : "", h("code", null, group)]),
        `, ${scope}.`,
      ),
      h(
        "p",
        { class: "view-summary", "data-testid": "rules-summary", "data-count": result.rules.length },
        result.rules.length === 0 ? "No rule applies." : `${plural(result.rules.length, "rule")}.`,
      ),
    ];
    if (result.rules.length > 0) {
      // Most lists have no URL or resource name at all, and two empty columns would squeeze the
      // resource names, so a column appears only when some rule fills it.
      const columns: RuleColumns = {
        urls: result.rules.some((scoped) => (scoped.rule.nonResourceURLs ?? []).length > 0),
        names: result.rules.some((scoped) => (scoped.rule.resourceNames ?? []).length > 0),
      };
      const headers = [
        "Resources",
        columns.urls ? "Non-resource URLs" : null,
        columns.names ? "Resource names" : null,
        "Verbs",
        "From role",
      ].filter((header) => header !== null);
      parts.push(
        h(
          "div",
          { class: "table-scroll" },
          h(
            "table",
            { class: "data-table rules", "data-testid": "rules-table" },
            h("thead", null, h("tr", null, ...headers.map((header) => h("th", { scope: "col" }, header)))),
            ...groupByBinding(result.rules).map((group) => this.renderGroup(group, columns, headers.length)),
          ),
        ),
      );
      if (!columns.urls || !columns.names) {
        const absent = [
          columns.urls ? null : "non-resource URLs",
          columns.names ? null : "resource names",
        ].filter((entry) => entry !== null);
        parts.push(h("p", { class: "muted small" }, `No rule lists ${absent.join(" or ")}.`));
      }
    }
    if (result.evaluationErrors.length > 0) {
      parts.push(renderEvaluationErrors(result.evaluationErrors));
    }
    return parts;
  }

  // One table body per binding: a heading row with the binding, its role and scope, then the
  // binding's rules.
  private renderGroup(group: ScopedRule[], columns: RuleColumns, width: number): HTMLElement {
    const first = group[0];
    return h(
      "tbody",
      { "data-testid": "rules-group", "data-binding": first.binding.name, "data-scope": first.scope },
      h(
        "tr",
        { class: "group-row" },
        h(
          "th",
          { scope: "rowgroup", colspan: width, "data-testid": "rules-binding" },
          h("span", { class: "scope-badge", "data-scope": first.scope }, first.scope),
          objectWithLink(first.binding, this.options.onReveal),
          h("span", { class: "muted" }, " grants "),
          objectWithLink(first.role, this.options.onReveal),
        ),
      ),
      ...group.map((scoped) => this.renderRow(scoped, columns)),
    );
  }

  private renderRow(scoped: ScopedRule, columns: RuleColumns): HTMLTableRowElement {
    const rule = scoped.rule;
    const path = scoped.aggregationPath;
    return h(
      "tr",
      { "data-testid": "rules-row", "data-scope": scoped.scope, "data-binding": scoped.binding.name },
      h("td", { "data-testid": "rules-resources" }, codeList(ruleResources(scoped).map(resourceNode))),
      columns.urls
        ? h("td", { "data-testid": "rules-urls" }, codeList(rule.nonResourceURLs ?? []))
        : null,
      columns.names
        ? h("td", { "data-testid": "rules-names" }, codeList(rule.resourceNames ?? []))
        : null,
      h("td", { class: "mono", "data-testid": "rules-verbs" }, rule.verbs.join(", ")),
      h(
        "td",
        { class: "mono", title: path.length > 0 ? `aggregated: ${path.join(" → ")}` : "the bound role itself" },
        path.length > 0 ? path[path.length - 1] : h("span", { class: "muted" }, "bound role"),
      ),
    );
  }
}

/** Groups rules by the binding they come from, in the order the bindings first appear. */
function groupByBinding(rules: ScopedRule[]): ScopedRule[][] {
  const groups = new Map<string, ScopedRule[]>();
  for (const scoped of rules) {
    const binding = scoped.binding;
    const key = `${binding.kind}\u0000${binding.namespace ?? ""}\u0000${binding.name}`;
    const group = groups.get(key) ?? [];
    group.push(scoped);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The optional columns that the rule table shows. */
interface RuleColumns {
  urls: boolean;
  names: boolean;
}

function codeList(values: (string | Node)[]): HTMLElement {
  if (values.length === 0) {
    return h("span", { class: "muted" }, "—");
  }
  return h("ul", { class: "code-list" }, ...values.map((value) => h("li", null, value)));
}
