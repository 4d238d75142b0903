// Types of the values that cross the kserve_rbac wasm boundary, taken from the declarations
// that wasm-bindgen writes into pkg/web, so a change of the API breaks the type check here.

export type {
  CanIQuery,
  ClusterRole,
  Decision,
  Diagnostic,
  GeneratedRoles,
  GenerateOptions,
  Grant,
  Location,
  NearMiss,
  ObjectRef,
  ObjectSummary,
  PolicyRule,
  Severity,
  SourceFile,
  Subject,
} from "../../pkg/web/kserve_rbac.js";
