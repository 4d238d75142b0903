// The tenancy panel: the Profiles with their owners and contributors, which verbs the Kubeflow
// roles grant on each KServe resource, and the tenant isolation report with its baseline.

import type {
  AcceptedExposure,
  Baseline,
  Exposure,
  IsolationReport,
  Location,
  OutsiderKind,
  Tenant,
  TierCoverage,
} from "./api";
import { byId, debounce, errorMessage, h, plural, table } from "./dom";
import {
  breakable,
  objectLabel,
  objectWithLink,
  resourceLabel,
  resourceNode,
  subjectLabel,
} from "./format";
import type { TenancyResult } from "./protocol";
import { loadBaselineText, saveBaselineText } from "./settings";
import { AnalysisView, LatestRequest } from "./view";

export interface TenancyPanelOptions {
  tenancy(baseline: Baseline | null): Promise<TenancyResult>;
  onReveal(location: Location): void;
}

const KIND_LABEL: Record<OutsiderKind, string> = {
  otherTenant: "other tenant",
  broadGroup: "broad group",
  outsider: "outsider",
  platform: "platform",
};

/** Returns true when an exposure is a leak: neither the platform nor accepted by the baseline. */
export function isLeak(exposure: Exposure): boolean {
  return exposure.kind !== "platform" && !exposure.accepted;
}

/** Parses the baseline text: null when empty, else the parsed JSON or a message saying why not. */
export function parseBaseline(text: string): { baseline: Baseline | null } | { error: string } {
  if (text.trim() === "") {
    return { baseline: null };
  }
  try {
    return { baseline: JSON.parse(text) as Baseline };
  } catch (error) {
    return { error: `The baseline is not valid JSON: ${errorMessage(error)}` };
  }
}

/**
 * Builds baseline entries that accept every leak of a report, one entry per subject with the
 * tenants where it leaks, as `kserve-rbac isolation --write-baseline` does.
 */
export function acceptLeaks(report: IsolationReport): AcceptedExposure[] {
  const entries: AcceptedExposure[] = [];
  for (const exposure of report.exposures.filter(isLeak)) {
    const subject = exposure.subject;
    const existing = entries.find(
      (entry) =>
        entry.kind === subject.kind &&
        entry.name === subject.name &&
        (entry.namespace ?? null) === (subject.namespace ?? null),
    );
    if (existing !== undefined) {
      if (!existing.tenants?.includes(exposure.namespace)) {
        existing.tenants?.push(exposure.namespace);
      }
      continue;
    }
    const entry: AcceptedExposure = { kind: subject.kind, name: subject.name };
    if (subject.namespace) {
      entry.namespace = subject.namespace;
    }
    entry.tenants = [exposure.namespace];
    entry.reason = `accepted from a report: ${objectLabel(exposure.binding)}`;
    entries.push(entry);
  }
  return entries;
}

/** Groups "verb resource" access entries by resource: "inferenceservices…: get, list". */
export function groupAccess(access: string[]): [string, string[]][] {
  const byResource = new Map<string, string[]>();
  for (const entry of access) {
    const space = entry.indexOf(" ");
    const verb = space < 0 ? entry : entry.slice(0, space);
    const resource = space < 0 ? "" : entry.slice(space + 1);
    const verbs = byResource.get(resource) ?? [];
    verbs.push(verb);
    byResource.set(resource, verbs);
  }
  return [...byResource];
}

export class TenancyPanel extends AnalysisView {
  private readonly result = byId("tenancy-result");
  private readonly requests = new LatestRequest(this.result);
  private readonly baselineInput = byId<HTMLTextAreaElement>("isolation-baseline");
  private readonly baselineMessage = byId("isolation-baseline-message");
  private readonly hidePlatform = byId<HTMLInputElement>("isolation-hide-platform");
  private readonly tabBadge = byId("tenancy-tab-badge");
  private last: TenancyResult | null = null;
  private baselineParseError: string | null = null;
  /** Why the baseline text could not be saved to localStorage, or null. */
  private baselineSaveError: string | null = null;

  constructor(private readonly options: TenancyPanelOptions) {
    super(byId("panel-tenancy"));
    this.baselineInput.value = loadBaselineText();
    const reportSoon = debounce(300, () => this.update());
    this.baselineInput.addEventListener("input", () => {
      const status = saveBaselineText(this.baselineInput.value);
      this.baselineSaveError = status.saved ? null : `The baseline is not saved: ${status.reason}.`;
      reportSoon();
    });
    this.hidePlatform.addEventListener("change", () => this.renderLast());
    byId("isolation-accept-leaks").addEventListener("click", () => this.acceptCurrentLeaks());
  }

  // The report is cheap next to building the workspace, so it runs after every analysis, also
  // while hidden, to keep the leak count on the tab current.
  override onAnalysis(revision: number): void {
    this.revision = revision;
    this.update();
  }

  protected run(): void {
    const parsed = parseBaseline(this.baselineInput.value);
    this.baselineParseError = "error" in parsed ? parsed.error : null;
    const baseline = "baseline" in parsed ? parsed.baseline : null;
    void this.requests.run(
      this.revision,
      () => this.options.tenancy(baseline),
      (result) => {
        this.last = result;
        this.renderLast();
      },
      (message) => {
        this.last = null;
        this.updateTabBadge(null);
        this.result.replaceChildren(
          h("p", { class: "form-error", "data-testid": "view-error", role: "alert" }, message),
        );
      },
    );
  }

  private renderLast(): void {
    const result = this.last;
    if (result === null) {
      return;
    }
    const baselineError = this.baselineParseError ?? result.baselineError;
    if (baselineError !== null) {
      this.setBaselineMessage(`${baselineError}. The report below does not use the baseline.`, true);
    } else if (this.baselineInput.value.trim() === "") {
      this.setBaselineMessage("No baseline: every exposure outside the platform is a leak.", false);
    } else {
      const accepted = result.isolation.exposures.filter((exposure) => exposure.accepted).length;
      this.setBaselineMessage(`The baseline accepts ${plural(accepted, "exposure")}.`, false);
    }
    this.updateTabBadge(result.isolation.leaks);
    this.result.replaceChildren(
      this.renderIsolation(result.isolation),
      this.renderTenants(result.tenants),
      this.renderCoverage(result.coverage),
    );
  }

  private setBaselineMessage(text: string, isError: boolean): void {
    const saveError = this.baselineSaveError;
    this.baselineMessage.textContent = saveError === null ? text : `${text} ${saveError}`;
    this.baselineMessage.classList.toggle("form-error", isError || saveError !== null);
    this.baselineMessage.dataset.error = String(isError);
  }

  private updateTabBadge(leaks: number | null): void {
    this.tabBadge.hidden = leaks === null || leaks === 0;
    this.tabBadge.textContent = leaks === null ? "" : String(leaks);
    this.tabBadge.title = leaks === null ? "" : plural(leaks, "leak");
  }

  private acceptCurrentLeaks(): void {
    const result = this.last;
    const parsed = parseBaseline(this.baselineInput.value);
    if (result === null) {
      return;
    }
    if ("error" in parsed || result.baselineError !== null) {
      this.setBaselineMessage("Fix the baseline before adding the current leaks to it.", true);
      return;
    }
    const additions = acceptLeaks(result.isolation);
    if (additions.length === 0) {
      this.setBaselineMessage("There are no leaks to accept.", false);
      return;
    }
    const accepted = [...(parsed.baseline?.accepted ?? []), ...additions];
    this.baselineInput.value = JSON.stringify({ ...parsed.baseline, accepted }, null, 2);
    this.baselineInput.dispatchEvent(new Event("input"));
  }

  private renderIsolation(report: IsolationReport): HTMLElement {
    const platform = report.exposures.filter((exposure) => exposure.kind === "platform");
    const listed = this.hidePlatform.checked
      ? report.exposures.filter((exposure) => exposure.kind !== "platform")
      : report.exposures;
    const hiddenNote =
      this.hidePlatform.checked && platform.length > 0
        ? ` ${plural(platform.length, "platform exposure")} hidden.`
        : "";
    return h(
      "section",
      { class: "view-section", "data-testid": "isolation" },
      h(
        "h3",
        null,
        "Isolation report",
        h(
          "span",
          {
            class: report.leaks > 0 ? "count-badge bad" : "count-badge good",
            "data-testid": "isolation-leaks",
            "data-count": report.leaks,
          },
          plural(report.leaks, "leak"),
        ),
      ),
      h(
        "p",
        { class: "view-summary", "data-testid": "isolation-summary" },
        `${plural(report.tenants.length, "tenant")}, ` +
          `${plural(report.exposures.length, "exposure")} of KServe resources, secrets, ` +
          `pods/exec or service-account tokens to subjects outside the tenant.${hiddenNote}`,
      ),
      listed.length === 0
        ? h(
            "p",
            { class: "muted", "data-testid": "isolation-empty" },
            this.hidePlatform.checked ? "No exposure outside the platform." : "No exposure.",
          )
        : table(
            ["Tenant", "Subject", "Kind", "Accepted", "Binding", "Role"],
            listed.flatMap((exposure) => this.renderExposure(exposure)),
            { "data-testid": "isolation-table" },
          ),
    );
  }

  // Two rows per exposure: the subject and its grant, then the access it has, across the whole
  // table width because the list can be long.
  private renderExposure(exposure: Exposure): HTMLTableRowElement[] {
    const leak = isLeak(exposure);
    const kind =
      exposure.kind === "otherTenant" && exposure.otherTenant !== null
        ? `${KIND_LABEL.otherTenant} (${exposure.otherTenant})`
        : KIND_LABEL[exposure.kind];
    const attributes = {
      "data-tenant": exposure.namespace,
      "data-subject": exposure.subject.name,
      "data-kind": exposure.kind,
      "data-leak": String(leak),
    };
    return [
      h(
        "tr",
        { class: leak ? "exposure leak" : "exposure", "data-testid": "isolation-row", ...attributes },
        h("td", { class: "mono" }, exposure.namespace),
        h("td", { class: "mono" }, ...breakable(subjectLabel(exposure.subject))),
        h("td", null, kind, leak ? h("span", { class: "leak-badge" }, "leak") : null),
        h("td", null, exposure.accepted ? "yes" : "no"),
        h(
          "td",
          null,
          objectWithLink(exposure.binding, this.options.onReveal),
          exposure.clusterWide ? h("div", { class: "muted small" }, "cluster-wide") : null,
        ),
        h("td", null, objectWithLink(exposure.role, this.options.onReveal)),
      ),
      h(
        "tr",
        { class: leak ? "access-row leak" : "access-row", "data-testid": "isolation-access", ...attributes },
        h(
          "td",
          { colspan: 6 },
          h(
            "ul",
            { class: "access-list" },
            ...groupAccess(exposure.access).map(([resource, verbs]) =>
              h("li", null, h("code", null, resourceNode(resource)), `: ${verbs.join(", ")}`),
            ),
          ),
        ),
      ),
    ];
  }

  private renderTenants(tenants: Tenant[]): HTMLElement {
    return h(
      "section",
      { class: "view-section", "data-testid": "tenants" },
      h("h3", null, "Tenants", h("span", { class: "count" }, String(tenants.length))),
      tenants.length === 0
        ? h("p", { class: "muted" }, "No Profile in the files.")
        : table(
            ["Namespace", "Profile", "Owner", "Contributors"],
            tenants.map((tenant) => this.renderTenant(tenant)),
            { "data-testid": "tenants-table" },
          ),
    );
  }

  private renderTenant(tenant: Tenant): HTMLTableRowElement {
    return h(
      "tr",
      { "data-testid": "tenant-row", "data-namespace": tenant.namespace },
      h("td", { class: "mono" }, tenant.namespace),
      h("td", null, objectWithLink(tenant.profile, this.options.onReveal)),
      h(
        "td",
        { class: "mono" },
        tenant.owner === null ? h("span", { class: "muted" }, "none") : subjectLabel(tenant.owner),
      ),
      h(
        "td",
        null,
        tenant.contributors.length === 0
          ? h("span", { class: "muted" }, "none")
          : h(
              "ul",
              { class: "contributor-list" },
              ...tenant.contributors.map((contributor) => {
                const conventional = contributor.binding.name === contributor.expectedName;
                return h(
                  "li",
                  {
                    "data-testid": "contributor",
                    "data-user": contributor.user,
                    "data-conventional": String(conventional),
                  },
                  h("span", { class: "mono" }, contributor.user),
                  h("span", { class: "attribute-badge" }, contributor.role),
                  h("div", { class: "small" }, objectWithLink(contributor.binding, this.options.onReveal)),
                  conventional
                    ? null
                    : h(
                        "div",
                        { class: "small warning-text" },
                        "Kubeflow access management names this binding ",
                        h("code", null, contributor.expectedName),
                        ", so the dashboard does not manage it.",
                      ),
                );
              }),
            ),
      ),
    );
  }

  private renderCoverage(coverage: TierCoverage[]): HTMLElement {
    return h(
      "section",
      { class: "view-section", "data-testid": "coverage" },
      h("h3", null, "KServe coverage of the Kubeflow roles"),
      ...coverage.map((tier) =>
        h(
          "div",
          { class: "coverage-tier", "data-testid": "coverage-tier", "data-tier": tier.tier },
          h(
            "h4",
            null,
            h("code", null, tier.role),
            tier.present ? null : h("span", { class: "leak-badge" }, "missing from the files"),
          ),
          table(
            ["Resource", "Granted", "Missing"],
            tier.resources.map((resource) =>
              h(
                "tr",
                {
                  "data-testid": "coverage-row",
                  "data-resource": resourceLabel(resource.group, resource.resource),
                  "data-missing": resource.missing.length,
                },
                h("td", { class: "mono" }, resourceNode(resourceLabel(resource.group, resource.resource))),
                h("td", { class: "mono" }, resource.granted.join(", ") || "—"),
                h(
                  "td",
                  { class: resource.missing.length > 0 ? "mono missing" : "mono" },
                  resource.missing.join(", ") || "—",
                ),
              ),
            ),
            { class: "data-table compact" },
          ),
        ),
      ),
    );
  }
}
