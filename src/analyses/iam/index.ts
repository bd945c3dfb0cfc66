/**
 * The IAM analysis: what each function can do.
 *
 * - `analyzeIam(model)` — effective permissions per role (shared roles once), and queries
 *   `isAllowed`, `isAllowedEach` (many resources at once), `actionsOn`.
 * - `evaluateAccess(input)` — the policy evaluation engine for one request.
 * - `actionCatalog()` — actions, access levels and resource types from iam-data.
 * - `managedPolicyDocument(ref)` — AWS managed policy documents.
 */
export { analyzeIam, entriesByAction, permissionEntries, rolePolicies } from './analyze.js';
export type {
  AnalyzeIamOptions,
  IamAnalysis,
  PolicySummary,
  ResourceAccess,
  ResourceAccessResult,
  RolePermissions,
} from './analyze.js';
export { ActionCatalog, actionCatalog, dataDateFromVersion } from './catalog.js';
export type { AccessLevel, CatalogAction, CatalogInfo, CatalogResourceType } from './catalog.js';
export type { ContextValue, RequestContext } from './conditions.js';
export { evaluateAccess, mayBeAllowed } from './evaluate.js';
export type {
  AccessDecision,
  AccessRequest,
  Decision,
  EvaluationInput,
  NamedPolicy,
  PolicyRole,
  StatementRef,
} from './evaluate.js';
export { managedPolicyArn, managedPolicyDocument, managedPolicyName } from './managed.js';
export { actionCount, effectivePermissions, forEachEntry, wholeEntry } from './permissions.js';
export type {
  EffectivePermissions,
  EntryAction,
  EntryShape,
  Grant,
  PermissionEntry,
  RemovedPermission,
  Restriction,
  ServicePermissions,
  WholeService,
} from './permissions.js';
export { policyFromJson, statementFromJson } from './policy-json.js';
export { RISKS, NARROWING_TRUST_KEYS, riskById } from './risks.js';
export type { RiskAlternative, RiskClass, RiskDefinition, RiskMatcher, RiskRequirement, RiskSource, RiskTarget } from './risks.js';
export { RiskEvaluator, analyzeIamRisks, publicTrustReason, risksFor } from './risk-eval.js';
export { riskClassesByFunction, riskMatchesByRole } from './risk-findings.js';
export type { IamRisks, PublicTrust, RiskCertainty, RiskMatch, RiskRelated, RiskStepMatch, RoleRiskMatch } from './risk-types.js';
export { exposureOf, riskFindings } from './risk-findings.js';
export type { RiskFinding } from './risk-findings.js';
