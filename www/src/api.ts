// Types of the values that cross the kserve_rbac wasm boundary. They follow the package's
// documented JavaScript API and are declared here so the playground type-checks on its own.
// Maps are plain objects and missing values are null.

export type Severity = "error" | "warning" | "info";

export interface SourceFile {
  name: string;
  text: string;
}

export interface Location {
  file: string;
  document: number;
  line: number;
  column: number | null;
}

export interface ObjectRef {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string | null;
  /** True when a Profile implies the object and the input lacks it. */
  implied: boolean;
  /** For implied objects, the location of the Profile that implies them. */
  location: Location | null;
}

export interface ObjectSummary extends ObjectRef {
  /** Name of the Profile that implies the object. */
  impliedBy: string | null;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  help: string | null;
  location: Location | null;
  object: ObjectRef | null;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[] | null;
  resources?: string[] | null;
  resourceNames?: string[] | null;
  nonResourceURLs?: string[] | null;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string | null;
  apiGroup?: string | null;
}

export interface ClusterRole {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> | null };
  rules?: PolicyRule[] | null;
  aggregationRule?: unknown;
}

export interface CanIQuery {
  user: string;
  groups?: string[] | null;
  verb: string;
  group?: string | null;
  resource?: string | null;
  subresource?: string | null;
  name?: string | null;
  namespace?: string | null;
  nonResourceURL?: string | null;
}

export interface Grant {
  binding: ObjectRef;
  role: ObjectRef;
  /**
   * ClusterRole names from the bound role down to the one that contains the rule, or an empty
   * list when the bound role contains the rule itself.
   */
  aggregationPath: string[];
  ruleIndex: number;
  rule: PolicyRule;
  subject: Subject;
}

export type NearMissAttribute =
  | "namespace"
  | "verb"
  | "apiGroup"
  | "resource"
  | "subresource"
  | "resourceName"
  | "subject"
  | "missingRole"
  | "aggregation"
  | "noBinding";

export interface NearMiss {
  attribute: NearMissAttribute;
  message: string;
  binding: ObjectRef | null;
  role: ObjectRef | null;
  rule: PolicyRule | null;
}

export interface Decision {
  allowed: boolean;
  /** Reason in the wording of the Kubernetes API server's RBAC authorizer. */
  reason: string;
  trace: Grant | null;
  nearMisses: NearMiss[];
  evaluationErrors: string[];
  user: string;
  /** Effective groups after the impersonation rules of `kubectl --as`. */
  groups: string[];
}

export interface GenerateOptions {
  release?: string | null;
  knative?: boolean;
  statusSubresources?: boolean;
  extraResources?: string[];
  namePrefix?: string;
  labelPrefix?: string;
  format?: "yaml" | "json";
}

export interface GeneratedRoles {
  /** The roles as text: YAML, or JSON when the requested format is "json". */
  yaml: string;
  roles: ClusterRole[];
}
