/** What the risk evaluation (`risk-eval.ts`) finds: per-function matches of the risk catalogue with their certainty and the statements that grant them. */
import type { Severity } from '../../model/findings.js';
import type { SourceLocation } from '../../model/types.js';
import type { StatementRef } from './evaluate.js';
import type { RiskClass, RiskDefinition } from './risks.js';

export type RiskCertainty = 'allowed' | 'conditional' | 'unresolved';

/** One requirement of a risk, as it holds for a function. */
export interface RiskStepMatch {
  label: string;
  /** The actions (alternatives) allowed at the best certainty. */
  actions: string[];
  /** What it holds on, in words: `any function`, `Orders, Billing`, `*`. */
  on: string;
  certainty: RiskCertainty;
  /** The statements that grant it (identity or resource policy), most certain first. */
  statements: StatementRef[];
  unknownKeys: string[];
  unresolved: string[];
}

export interface RiskRelated {
  location: SourceLocation;
  message: string;
}

export interface RiskMatch {
  riskId: string;
  class: RiskClass;
  category: RiskDefinition['category'];
  title: string;
  description: string;
  /** The catalog severity, lowered one step for conditional or unresolved matches (exposure is the rules' business). */
  severity: Severity;
  certainty: RiskCertainty;
  functionId: string;
  roleId: string;
  steps: RiskStepMatch[];
  /** Optional steps that also hold (UpdateFunctionCode + InvokeFunction). */
  also: RiskStepMatch[];
  /** The granting statement of the first step (the narrowest span to report). */
  location: SourceLocation;
  /** The statements of the other steps, where they differ from `location`. */
  related: RiskRelated[];
  /** `lambda:UpdateFunctionCode on any function; lambda:InvokeFunction on it`. */
  detail: string;
  /** Stable identity: risk id and the granting statements (policy#index), never a line. */
  key: string;
}

/** A role whose trust policy anyone can use. */
export interface PublicTrust {
  roleId: string;
  /** Functions that run with the role (may be none: any role counts). */
  functions: string[];
  location: SourceLocation;
  /** `Principal: "*"`, `AWS: "*"`, `NotPrincipal`. */
  reason: string;
  /** Index of the statement in the trust policy. */
  index: number;
  sid?: string;
}

export interface IamRisks {
  /** Function id → matched risks, sorted by risk id then key. */
  byFunction: Record<string, RiskMatch[]>;
  /** Every role in the model whose trust policy is open to anyone. */
  publicTrust: PublicTrust[];
  /** Function id → why some risks could not be decided (wholly unknown policies). */
  undecided: Record<string, string[]>;
}

/** Risk matches of one role, merged over the functions that share it (the union of their capabilities). */
export interface RoleRiskMatch {
  match: RiskMatch;
  roleId: string;
  /** Functions for which the risk holds, sorted. */
  functions: string[];
}

/** Certainty order: a step's certainty is the least of its parts; a role keeps its most certain match. */
export const CERTAINTY_RANK: Record<RiskCertainty, number> = { allowed: 3, conditional: 2, unresolved: 1 };
