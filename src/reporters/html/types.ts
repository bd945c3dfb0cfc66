/**
 * The data the HTML map embeds as JSON and the browser script reads. Shared by the page builder
 * (Node) and the browser bundle, so it holds types only.
 */
import type { Severity } from '../../model/findings.js';

/** Columns, left to right. */
export type NodeClass = 'principal' | 'entry-point' | 'function' | 'resource';

/**
 * How exposed a node or edge is: the most exposed principal that reaches it, or `none` when no
 * entry point reaches it.
 */
export type Exposure =
  | 'public'
  | 'any-aws-account'
  | 'unresolved'
  | 'cross-account'
  | 'authenticated-users'
  | 'aws-service'
  | 'same-account'
  | 'deployment'
  | 'none';

export type MapEdgeKind =
  | 'exposes' // principal → entry point
  | 'invokes' // entry point → function
  | 'feeds' // source resource → entry point
  | 'triggers'
  | 'can-invoke'
  | 'can-access'
  | 'calls'
  | 'publishes';

/** One line of the details panel. `links` are node ids the value refers to (clickable). */
export interface MapFact {
  label: string;
  value: string;
  links?: string[];
}

export interface MapNode {
  /** Unique in the map: class prefix + model id (`f:CreateOrderFunction`). */
  id: string;
  cls: NodeClass;
  /** The id in the model (function id, resource id, entry point id, principal kind). */
  ref: string;
  label: string;
  /** Entry point kind, resource kind, `function`, or the principal kind. */
  kind: string;
  exposure: Exposure;
  x: number;
  y: number;
  /** Indexes into MapData.findings. */
  findings: number[];
  /** Worst severity among unsuppressed findings on the node. */
  worst: Severity | null;
  facts: MapFact[];
  /** Its owners (docs/owners.md), as an index into MapData.owners; absent when it has none or the scan had no owner information. */
  owner?: number;
}

export interface MapEdge {
  id: string;
  from: string;
  to: string;
  kind: MapEdgeKind;
  exposure: Exposure;
  /** The edge rests on a value that could not be resolved (drawn dashed). */
  unresolved: boolean;
  /** An attacker's event travels along it (false for read-only access), so exposure flows through it. */
  flows: boolean;
  label: string;
  /** Function → resource/function edges: the access levels granted or used (`write`, `read`, `permissions`, `list`, `tagging`). */
  access?: string[];
  /** The edge lies on a recursion loop. */
  loop?: boolean;
  /** The edge joins two owners: a trust boundary (docs/owners.md). */
  boundary?: boolean;
}

export interface MapFinding {
  ruleId: string;
  category: string;
  severity: Severity;
  message: string;
  /** `file:line:column` */
  location: string;
  resource: string;
  suppressed: boolean;
  suppressionReason?: string;
}

export interface MapCostRow {
  entryPoint: string;
  /** Map node id of the entry point, when it is on the map. */
  node: string | null;
  label: string;
  /** The function the ceiling is for, when the analysis names one. */
  function: string | null;
  functionNode: string | null;
  usdPerHour: number | null;
  usdPerDay: number | null;
  /** A recursion loop AWS does not stop is on the path. */
  unbounded: boolean;
}

export interface MapSummary {
  nodes: number;
  edges: number;
  entryPoints: number;
  publicEntryPoints: number;
  functions: number;
  resources: number;
  findings: Record<Severity, number>;
  suppressed: number;
}

export interface MapData {
  version: 1;
  tool: { name: string; version: string };
  title: string;
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  summary: MapSummary;
  nodes: MapNode[];
  edges: MapEdge[];
  findings: MapFinding[];
  /** Null when the run has no cost analysis. */
  cost: MapCostRow[] | null;
  /** The owners the map groups and colours nodes by (`@org/a, @alice`), sorted; absent without owner information. */
  owners?: string[];
}
