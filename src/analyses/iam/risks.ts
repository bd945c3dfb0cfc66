/**
 * The IAM risk catalog, as data: what makes a function's permissions dangerous, and where each
 * entry comes from. `risk-eval.ts` decides which entries a function's role actually admits.
 *
 * Most entries are *combinations*: every requirement must hold, and a requirement holds when one of
 * its alternatives (an action on the resources it needs) is allowed. Resources are named by kind,
 * not by string, so that a resource scope, a Deny, a boundary or a condition on the needed resource
 * is taken into account by the evaluator (see `RiskTarget`).
 */
import type { Category, Severity } from '../../model/findings.js';
import { LAMBDA_RUNTIME_WRITES } from './runtime-actions.js';

export type RiskClass =
  | 'admin'
  | 'wildcard-write'
  | 'privilege-escalation'
  | 'code-exposure'
  | 'code-tampering'
  | 'invoke-any'
  | 'credentials-exposure'
  | 'data-exfiltration'
  | 'public-role-trust';

export interface RiskSource {
  /** `pmapper`, `cloudsplaining`, `rhino`, `pathfinding.cloud`, `nightlight-field`, `aws-docs`, `checkov`, `cfn_nag`. */
  tool: string;
  id: string;
  url?: string;
}

/**
 * The resources a step needs:
 * - `any`: an arbitrary resource of the action's type (a probe no scoped pattern names); holds only
 *   for unscoped grants (`*`, `arn:aws:s3:::*`). Wildcard-only actions use the literal `*`.
 * - `some`: any resource the role's grants of the action name (the attacker picks one).
 * - `functions` / `other-functions`: the functions of the model (all, or all but the caller) and a
 *   probe standing for functions outside it.
 * - `roles`: the roles of the model and a probe; `passable-roles`: those a service can assume
 *   (trust policy names `service` or `*`), minus the caller's own role, and a probe.
 * - `same`: the resources that satisfied requirement `step` (create a function, then invoke *it*).
 */
export type RiskTarget =
  | { kind: 'any' }
  | { kind: 'some' }
  | { kind: 'functions' }
  | { kind: 'other-functions'; /** Holds when unscoped, or when at least this many other functions are allowed. */ many?: number }
  | { kind: 'roles' }
  | { kind: 'passable-roles'; service: string }
  | { kind: 'same'; step: number };

export interface RiskAlternative {
  action: string;
  on: RiskTarget;
  /** Request context known for this step (`iam:PassedToService`). */
  context?: Record<string, string>;
  /** The iam-data resource type the probe of an `any` target is built from (default: the first required one). */
  type?: string;
}

export interface RiskRequirement {
  anyOf: RiskAlternative[];
  /** What the step achieves, for messages: "pass a role Lambda can assume". */
  label: string;
}

export type RiskMatcher =
  /** Every requirement holds; `also` steps, when they hold, are reported as related locations. */
  | { kind: 'combination'; requires: RiskRequirement[]; also?: RiskRequirement[] }
  /** `*:*` effectively allowed: every sentinel action on an arbitrary resource. */
  | { kind: 'admin-equivalent'; sentinels: string[] }
  /** A broad AWS managed policy attached whose grants are still effective (sentinel allowed through it). */
  | { kind: 'managed-policy'; policy: string; sentinel: string }
  /** Write / permissions-management actions granted on every resource without a condition. */
  | { kind: 'wildcard-write' }
  /** A role trust policy that anyone can use. */
  | { kind: 'public-trust' };

export interface RiskDefinition {
  id: string;
  class: RiskClass;
  category: Category;
  severity: Severity;
  /** Short capability, for messages: "rewrite the code of other functions". */
  title: string;
  /** Why it matters, one or two sentences. */
  description: string;
  match: RiskMatcher;
  sources: RiskSource[];
}

const PMAPPER = (id: string): RiskSource => ({ tool: 'pmapper', id, url: `https://github.com/nccgroup/PMapper/blob/master/principalmapper/graphing/${id}` });
const CLOUDSPLAINING = (id: string): RiskSource => ({ tool: 'cloudsplaining', id });
const RHINO = (id: string): RiskSource => ({ tool: 'rhino', id, url: 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/' });
const FIELD = (id: string): RiskSource => ({ tool: 'nightlight-field', id });
const AWS_DOCS = (id: string, url: string): RiskSource => ({ tool: 'aws-docs', id, url });

const any = { kind: 'any' } as const;
const some = { kind: 'some' } as const;
const functions = { kind: 'functions' } as const;
const otherFunctions = { kind: 'other-functions' } as const;
const same = (step: number): RiskTarget => ({ kind: 'same', step });
const passable = (service: string): RiskAlternative => ({
  action: 'iam:PassRole',
  on: { kind: 'passable-roles', service },
  context: { 'iam:PassedToService': service },
});
const passRole = (service: string, who: string): RiskRequirement => ({ anyOf: [passable(service)], label: `pass a role ${who} can assume` });
const step = (label: string, ...alternatives: [string, RiskTarget][]): RiskRequirement => ({
  label,
  anyOf: alternatives.map(([action, on]) => ({ action, on })),
});

function escalation(id: string, title: string, description: string, requires: RiskRequirement[], sources: RiskSource[], also?: RiskRequirement[]): RiskDefinition {
  const match: RiskMatcher = also === undefined ? { kind: 'combination', requires } : { kind: 'combination', requires, also };
  return { id, class: 'privilege-escalation', category: 'privilege-escalation', severity: 'critical', title, description, match, sources: [...sources, FIELD('IAM-PRIVESC')] };
}

function single(cls: RiskClass, category: Category, severity: Severity, id: string, title: string, description: string, requirement: RiskRequirement, sources: RiskSource[]): RiskDefinition {
  return { id, class: cls, category, severity, title, description, match: { kind: 'combination', requires: [requirement] }, sources };
}

const LAMBDA_FUNCTION_ACTIONS = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html';
const IAM_PRIVESC_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html';

export const RISKS: readonly RiskDefinition[] = [
  // ------------------------------------------------------------------------------------------
  // Admin-equivalent
  // ------------------------------------------------------------------------------------------
  {
    id: 'admin-equivalent',
    class: 'admin',
    category: 'over-privileged-function',
    severity: 'critical',
    title: 'do anything in the account (`*:*`)',
    description: 'Every action on every resource is allowed: whoever controls the function controls the account.',
    match: { kind: 'admin-equivalent', sentinels: ['iam:AttachRolePolicy', 'iam:CreateUser', 'ec2:RunInstances', 's3:DeleteBucket', 'kms:ScheduleKeyDeletion', 'organizations:LeaveOrganization'] },
    sources: [PMAPPER('../querying/query_utils.py (is_admin)'), FIELD('IAM-STAR-ACTION'), { tool: 'checkov', id: 'CKV_AWS_1' }, { tool: 'cfn_nag', id: 'F3/F39' }],
  },
  ...(
    [
      ['AdministratorAccess', 'iam:CreateUser', 'the AWS managed AdministratorAccess policy grants every action on every resource'],
      ['PowerUserAccess', 'ec2:RunInstances', 'the AWS managed PowerUserAccess policy grants every action outside IAM and Organizations'],
      ['IAMFullAccess', 'iam:AttachRolePolicy', 'the AWS managed IAMFullAccess policy lets the function grant itself (or any role) any permission'],
    ] as const
  ).map(
    ([policy, sentinel, why]): RiskDefinition => ({
      id: `managed-${policy}`,
      class: 'admin',
      category: 'over-privileged-function',
      severity: 'critical',
      title: `act with ${policy}`,
      description: `${why[0]!.toUpperCase()}${why.slice(1)}; a function never needs it.`,
      match: { kind: 'managed-policy', policy, sentinel },
      sources: [FIELD('IAM-ADMIN-MANAGED'), { tool: 'cfn_nag', id: 'W43/W44' }, { tool: 'cdk-nag', id: 'AwsSolutions-IAM4' }, { tool: 'checkov', id: 'CKV_AWS_1' }],
    }),
  ),

  // ------------------------------------------------------------------------------------------
  // Write / permissions management on *
  // ------------------------------------------------------------------------------------------
  {
    id: 'write-on-any-resource',
    class: 'wildcard-write',
    category: 'over-privileged-function',
    severity: 'medium',
    title: 'write or change permissions on every resource',
    description: 'Write or permissions-management actions granted on `*` without a condition reach every resource of that type in the account, not only the application\'s.',
    match: { kind: 'wildcard-write' },
    sources: [FIELD('IAM-WRITE-ON-STAR'), CLOUDSPLAINING('ResourceExposure / write without resource constraints'), { tool: 'checkov', id: 'CKV_AWS_111' }, { tool: 'cfn_nag', id: 'W11-W13' }, { tool: 'parliament', id: 'RESOURCE_STAR' }],
  },

  // ------------------------------------------------------------------------------------------
  // Privilege escalation (PMapper edges, Rhino / Cloudsplaining methods)
  // ------------------------------------------------------------------------------------------
  escalation(
    'lambda-passrole-create-invoke',
    'create a function that runs as another role, and run it',
    'iam:PassRole on a role Lambda can assume plus lambda:CreateFunction lets the caller run any code with that role; invoking it (or letting something else invoke it) completes the path.',
    [
      passRole('lambda.amazonaws.com', 'Lambda'),
      step('create a function', ['lambda:CreateFunction', some]),
      step('run it', ['lambda:InvokeFunction', same(1)], ['lambda:AddPermission', same(1)], ['lambda:CreateEventSourceMapping', any]),
    ],
    [PMAPPER('lambda_edges.py'), RHINO('PassExistingRoleToNewLambdaThenInvoke'), CLOUDSPLAINING('PassExistingRoleToNewLambdaThenInvoke'), CLOUDSPLAINING('PassExistingRoleToNewLambdaThenTriggerWithNewDynamo'), CLOUDSPLAINING('PassExistingRoleToNewLambdaThenAddPermission'), AWS_DOCS('iam:PassRole', IAM_PRIVESC_DOC)],
  ),
  escalation(
    'lambda-update-code',
    'rewrite the code of a function that runs with another role',
    'lambda:UpdateFunctionCode on another function runs attacker code with that function\'s role the next time it is invoked (at once, with lambda:InvokeFunction).',
    [step('replace the code of another function', ['lambda:UpdateFunctionCode', otherFunctions])],
    [PMAPPER('lambda_edges.py'), RHINO('EditExistingLambdaFunctionWithRole'), CLOUDSPLAINING('EditExistingLambdaFunctionWithRole'), CLOUDSPLAINING('UpdateAndInvokeLambdaFunction'), AWS_DOCS('lambda:UpdateFunctionCode', LAMBDA_FUNCTION_ACTIONS)],
    [step('invoke it', ['lambda:InvokeFunction', same(0)])],
  ),
  escalation(
    'lambda-update-configuration-passrole',
    'swap a function\'s role for another one',
    'lambda:UpdateFunctionConfiguration with iam:PassRole gives a function (its own included) any role Lambda can assume.',
    [step('change a function\'s configuration', ['lambda:UpdateFunctionConfiguration', functions]), passRole('lambda.amazonaws.com', 'Lambda')],
    [PMAPPER('lambda_edges.py'), AWS_DOCS('lambda:UpdateFunctionConfiguration', LAMBDA_FUNCTION_ACTIONS)],
  ),
  escalation('iam-create-policy-version', 'rewrite a managed policy', 'iam:CreatePolicyVersion (with --set-as-default) replaces a customer managed policy with one that allows everything.', [step('create a policy version', ['iam:CreatePolicyVersion', some])], [RHINO('CreateNewPolicyVersion'), CLOUDSPLAINING('CreateNewPolicyVersion')]),
  escalation('iam-set-default-policy-version', 'switch a managed policy to an older version', 'iam:SetDefaultPolicyVersion can reactivate a more permissive earlier version of a policy.', [step('set the default policy version', ['iam:SetDefaultPolicyVersion', some])], [RHINO('SetExistingDefaultPolicyVersion'), CLOUDSPLAINING('SetExistingDefaultPolicyVersion')]),
  escalation(
    'iam-attach-or-put-policy',
    'attach or write policies on IAM identities',
    'Attaching a managed policy to, or writing an inline policy on, a role, user or group (its own role included) grants any permission.',
    [step('attach or write a policy', ['iam:AttachRolePolicy', some], ['iam:PutRolePolicy', some], ['iam:AttachUserPolicy', some], ['iam:PutUserPolicy', some], ['iam:AttachGroupPolicy', some], ['iam:PutGroupPolicy', some])],
    [RHINO('AttachRolePolicy / PutRolePolicy / AttachUserPolicy / PutUserPolicy / AttachGroupPolicy / PutGroupPolicy'), CLOUDSPLAINING('AttachRolePolicy'), CLOUDSPLAINING('PutRolePolicy')],
  ),
  escalation('iam-add-user-to-group', 'add users to groups', 'iam:AddUserToGroup puts a user the attacker controls into a more privileged group.', [step('add a user to a group', ['iam:AddUserToGroup', some])], [RHINO('AddUserToGroup'), CLOUDSPLAINING('AddUserToGroup')]),
  escalation('iam-create-access-key', 'create access keys for IAM users', 'iam:CreateAccessKey returns long-term credentials of another user.', [step('create an access key', ['iam:CreateAccessKey', some])], [PMAPPER('iam_edges.py'), RHINO('CreateAccessKey'), CLOUDSPLAINING('CreateAccessKey')]),
  escalation('iam-login-profile', 'set console passwords of IAM users', 'iam:CreateLoginProfile / UpdateLoginProfile set a password and sign in as another user.', [step('set a user\'s password', ['iam:CreateLoginProfile', some], ['iam:UpdateLoginProfile', some])], [PMAPPER('iam_edges.py'), RHINO('CreateLoginProfile / UpdateLoginProfile'), CLOUDSPLAINING('CreateLoginProfile')]),
  escalation('iam-update-assume-role-policy', 'edit role trust policies', 'iam:UpdateAssumeRolePolicy lets the caller make any role trust it, then assume it.', [step('edit a role trust policy', ['iam:UpdateAssumeRolePolicy', some])], [PMAPPER('iam_edges.py'), RHINO('UpdateRolePolicyToAssumeIt'), CLOUDSPLAINING('UpdateRolePolicyToAssumeIt')]),
  escalation('sts-assume-any-role', 'assume any role', 'sts:AssumeRole on `*` reaches every role whose trust policy names the account.', [step('assume any role', ['sts:AssumeRole', any])], [PMAPPER('sts_edges.py'), FIELD('IAM-CREDS-EXPOSURE')]),
  escalation(
    'ec2-passrole-run-instances',
    'launch instances that run as another role',
    'iam:PassRole to EC2 with ec2:RunInstances (or ec2:AssociateIamInstanceProfile) puts another role\'s credentials on a machine the caller controls.',
    [passRole('ec2.amazonaws.com', 'EC2'), step('launch or re-profile an instance', ['ec2:RunInstances', some], ['ec2:AssociateIamInstanceProfile', some])],
    [PMAPPER('ec2_edges.py'), RHINO('CreateEC2WithExistingIP'), CLOUDSPLAINING('CreateEC2WithExistingIP')],
  ),
  escalation(
    'autoscaling-passrole-launch',
    'launch auto scaling instances that run as another role',
    'iam:PassRole with autoscaling:CreateLaunchConfiguration and CreateAutoScalingGroup starts instances with another role.',
    [passRole('ec2.amazonaws.com', 'EC2'), step('create a launch configuration', ['autoscaling:CreateLaunchConfiguration', some]), step('create an auto scaling group', ['autoscaling:CreateAutoScalingGroup', some], ['autoscaling:UpdateAutoScalingGroup', some])],
    [PMAPPER('autoscaling_edges.py')],
  ),
  escalation(
    'cloudformation-passrole-stack',
    'deploy stacks that run as another role',
    'iam:PassRole to CloudFormation with CreateStack / UpdateStack / change sets creates any resource the passed role can.',
    [passRole('cloudformation.amazonaws.com', 'CloudFormation'), step('create or update a stack', ['cloudformation:CreateStack', some], ['cloudformation:UpdateStack', some], ['cloudformation:ExecuteChangeSet', some])],
    [PMAPPER('cloudformation_edges.py'), RHINO('PassExistingRoleToCloudFormation'), CLOUDSPLAINING('PassExistingRoleToCloudFormation')],
  ),
  escalation(
    'codebuild-passrole-build',
    'run builds as another role',
    'iam:PassRole to CodeBuild with CreateProject / UpdateProject and StartBuild runs any commands with the passed role.',
    [passRole('codebuild.amazonaws.com', 'CodeBuild'), step('create or update a project', ['codebuild:CreateProject', some], ['codebuild:UpdateProject', some]), step('start a build', ['codebuild:StartBuild', same(1)], ['codebuild:StartBuildBatch', same(1)])],
    [PMAPPER('codebuild_edges.py'), CLOUDSPLAINING('PassRoleToNewCodeBuildProject')],
  ),
  escalation(
    'glue-passrole-dev-endpoint',
    'run Glue endpoints or jobs as another role',
    'iam:PassRole to Glue with CreateDevEndpoint, or CreateJob plus StartJobRun, runs code with the passed role.',
    [passRole('glue.amazonaws.com', 'Glue'), step('create a dev endpoint or job', ['glue:CreateDevEndpoint', some], ['glue:CreateJob', some])],
    [RHINO('PassExistingRoleToNewGlueDevEndpoint'), CLOUDSPLAINING('PassExistingRoleToNewGlueDevEndpoint')],
  ),
  escalation('glue-update-dev-endpoint', 'take over Glue dev endpoints', 'glue:UpdateDevEndpoint adds the caller\'s SSH key to an endpoint that runs with another role.', [step('update a dev endpoint', ['glue:UpdateDevEndpoint', some])], [RHINO('UpdateExistingGlueDevEndpoint'), CLOUDSPLAINING('UpdateExistingGlueDevEndpoint')]),
  escalation(
    'sagemaker-passrole',
    'run SageMaker notebooks or jobs as another role',
    'iam:PassRole to SageMaker with CreateNotebookInstance / CreateTrainingJob / CreateProcessingJob runs code with the passed role.',
    [passRole('sagemaker.amazonaws.com', 'SageMaker'), step('create a notebook or job', ['sagemaker:CreateNotebookInstance', some], ['sagemaker:CreateTrainingJob', some], ['sagemaker:CreateProcessingJob', some])],
    [PMAPPER('sagemaker_edges.py'), CLOUDSPLAINING('PassRoleToSageMaker')],
  ),
  escalation(
    'ecs-passrole-task',
    'run ECS tasks as another role',
    'iam:PassRole to ECS tasks with RegisterTaskDefinition and RunTask / StartTask / CreateService runs a container with the passed role.',
    [passRole('ecs-tasks.amazonaws.com', 'ECS tasks'), step('register a task definition', ['ecs:RegisterTaskDefinition', some]), step('run it', ['ecs:RunTask', some], ['ecs:StartTask', some], ['ecs:CreateService', some])],
    [CLOUDSPLAINING('PassRoleToNewECSTask (pathfinding.cloud)')],
  ),
  escalation(
    'datapipeline-passrole',
    'run data pipelines as another role',
    'iam:PassRole with datapipeline:CreatePipeline, PutPipelineDefinition and ActivatePipeline runs commands with the passed role.',
    [passRole('datapipeline.amazonaws.com', 'Data Pipeline'), step('create a pipeline', ['datapipeline:CreatePipeline', some]), step('define it', ['datapipeline:PutPipelineDefinition', some])],
    [RHINO('PassExistingRoleToNewDataPipeline'), CLOUDSPLAINING('PassExistingRoleToNewDataPipeline')],
  ),
  escalation('ssm-command-on-instances', 'run commands on instances', 'ssm:SendCommand / ssm:StartSession on any instance runs commands with that instance\'s role.', [{ label: 'run a command on any instance', anyOf: [{ action: 'ssm:SendCommand', on: any, type: 'instance' }, { action: 'ssm:StartSession', on: any, type: 'instance' }] }], [PMAPPER('ssm_edges.py')]),

  // ------------------------------------------------------------------------------------------
  // Code exposure and tampering (Lambda)
  // ------------------------------------------------------------------------------------------
  single('code-exposure', 'code-exposure', 'high', 'lambda-read-code', 'read the code of other functions', 'lambda:GetFunction returns a presigned URL to the deployment package of another function: its code, and often its secrets.', step('download another function\'s code', ['lambda:GetFunction', otherFunctions]), [FIELD('IAM-LAMBDA-READ-CODE'), AWS_DOCS('lambda:GetFunction', 'https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html')]),
  single('code-exposure', 'code-exposure', 'high', 'lambda-read-configuration', 'read the configuration and environment of other functions', 'lambda:GetFunctionConfiguration returns another function\'s environment variables, where secrets are often kept.', step('read another function\'s environment', ['lambda:GetFunctionConfiguration', otherFunctions]), [FIELD('IAM-LAMBDA-READ-CODE'), AWS_DOCS('lambda:GetFunctionConfiguration', 'https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html')]),
  single('code-exposure', 'code-exposure', 'high', 'lambda-read-layers', 'download any layer', 'lambda:GetLayerVersion on `*` downloads the code of every layer in the account.', step('download any layer', ['lambda:GetLayerVersion', any]), [FIELD('IAM-LAMBDA-READ-CODE'), AWS_DOCS('lambda:GetLayerVersion', 'https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersion.html')]),
  single('code-tampering', 'code-tampering', 'critical', 'lambda-write-code', 'replace function code', 'lambda:UpdateFunctionCode replaces what a function runs (takeover, persistence).', step('replace function code', ['lambda:UpdateFunctionCode', functions]), [FIELD('IAM-LAMBDA-WRITE'), CLOUDSPLAINING('EditExistingLambdaFunctionWithRole')]),
  single('code-tampering', 'code-tampering', 'critical', 'lambda-write-configuration', 'change function configuration', 'lambda:UpdateFunctionConfiguration changes a function\'s environment, layers, handler or role.', step('change function configuration', ['lambda:UpdateFunctionConfiguration', functions]), [FIELD('IAM-LAMBDA-WRITE')]),
  single('code-tampering', 'code-tampering', 'critical', 'lambda-expose-function', 'make functions invocable by others', 'lambda:AddPermission and function URL configuration can open a function to any account or to the internet.', step('open a function to callers', ['lambda:AddPermission', functions], ['lambda:CreateFunctionUrlConfig', functions], ['lambda:UpdateFunctionUrlConfig', functions]), [FIELD('IAM-LAMBDA-WRITE'), FIELD('EXP-PERM-ACTION')]),
  single('code-tampering', 'code-tampering', 'high', 'lambda-change-concurrency', 'change or remove function throttles', 'lambda:PutFunctionConcurrency / DeleteFunctionConcurrency can stop a function (concurrency 0) or remove the cap that bounds its cost.', step('change a function\'s concurrency', ['lambda:PutFunctionConcurrency', functions], ['lambda:DeleteFunctionConcurrency', functions]), [FIELD('IAM-LAMBDA-WRITE')]),

  // ------------------------------------------------------------------------------------------
  // Invoke any function
  // ------------------------------------------------------------------------------------------
  single('invoke-any', 'over-privileged-function', 'medium', 'lambda-invoke-any', 'invoke any function', 'lambda:InvokeFunction on `*` (or on many functions) lets a compromised function move laterally and amplify cascades.', step('invoke other functions', ['lambda:InvokeFunction', { kind: 'other-functions', many: 3 }]), [FIELD('IAM-LAMBDA-INVOKE-ANY')]),

  // ------------------------------------------------------------------------------------------
  // Credentials exposure
  // ------------------------------------------------------------------------------------------
  single('credentials-exposure', 'credentials-exposure', 'high', 'creds-iam-user', 'create credentials for IAM users', 'These actions return or reactivate long-term credentials of IAM users.', step('create user credentials', ['iam:CreateAccessKey', some], ['iam:UpdateAccessKey', some], ['iam:CreateServiceSpecificCredential', some], ['iam:ResetServiceSpecificCredential', some]), [CLOUDSPLAINING('CredentialsExposure'), FIELD('IAM-CREDS-EXPOSURE'), { tool: 'checkov', id: 'CKV_AWS_107' }]),
  single('credentials-exposure', 'credentials-exposure', 'high', 'creds-sts', 'obtain temporary credentials for other principals', 'sts:AssumeRole on `*` or sts:GetFederationToken hand out credentials for other principals.', step('obtain temporary credentials', ['sts:AssumeRole', any], ['sts:GetFederationToken', any]), [CLOUDSPLAINING('CredentialsExposure'), FIELD('IAM-CREDS-EXPOSURE'), { tool: 'parliament', id: 'CREDENTIALS_EXPOSURE' }]),
  single('credentials-exposure', 'credentials-exposure', 'medium', 'creds-registry-token', 'obtain registry tokens', 'ecr:GetAuthorizationToken / codeartifact:GetAuthorizationToken return tokens that pull (and with write grants, push) images and packages.', step('obtain a registry token', ['ecr:GetAuthorizationToken', any], ['ecr-public:GetAuthorizationToken', any], ['codeartifact:GetAuthorizationToken', any]), [CLOUDSPLAINING('CredentialsExposure'), FIELD('IAM-CREDS-EXPOSURE')]),
  single('credentials-exposure', 'credentials-exposure', 'high', 'creds-identity-pool', 'obtain credentials from any identity pool', 'cognito-identity:GetCredentialsForIdentity / GetOpenIdToken(ForDeveloperIdentity) on `*` mint credentials for identity pool roles.', step('obtain identity pool credentials', ['cognito-identity:GetCredentialsForIdentity', any], ['cognito-identity:GetOpenIdToken', any], ['cognito-identity:GetOpenIdTokenForDeveloperIdentity', any]), [CLOUDSPLAINING('CredentialsExposure'), FIELD('IAM-CREDS-EXPOSURE')]),
  single('credentials-exposure', 'credentials-exposure', 'high', 'creds-user-pool-users', 'take over the users of every user pool', 'cognito-idp:AdminSetUserPassword / AdminUpdateUserAttributes on `*` set the password, or change the e-mail address and custom attributes, of any user of any user pool in the account: sign in as them, or make them admins where the app trusts those attributes.', step('take over a user-pool user', ['cognito-idp:AdminSetUserPassword', any], ['cognito-idp:AdminUpdateUserAttributes', any]), [FIELD('IAM-CREDS-EXPOSURE'), AWS_DOCS('cognito-idp:AdminSetUserPassword', 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html')]),
  single('credentials-exposure', 'credentials-exposure', 'high', 'creds-database', 'obtain database and instance credentials', 'redshift:GetClusterCredentials, ec2:GetPasswordData and Lightsail access details return passwords and keys.', step('obtain database or instance credentials', ['redshift:GetClusterCredentials', any], ['ec2:GetPasswordData', any], ['lightsail:GetInstanceAccessDetails', any], ['lightsail:GetRelationalDatabaseMasterUserPassword', any]), [CLOUDSPLAINING('CredentialsExposure'), FIELD('IAM-CREDS-EXPOSURE')]),
  single('credentials-exposure', 'credentials-exposure', 'medium', 'creds-other-services', 'obtain other service credentials', 'Actions such as gamelift:RequestUploadCredentials, connect:GetFederationToken and codepipeline:PollForJobs return credentials or tokens.', step('obtain service credentials', ['gamelift:RequestUploadCredentials', any], ['connect:GetFederationToken', any], ['codepipeline:PollForJobs', any]), [CLOUDSPLAINING('CredentialsExposure')]),

  // ------------------------------------------------------------------------------------------
  // Data exfiltration (unscoped reads)
  // ------------------------------------------------------------------------------------------
  single('data-exfiltration', 'data-exfiltration', 'high', 'read-any-secret', 'read every secret', 'secretsmanager:GetSecretValue on `*` reads every secret in the account, not only the function\'s.', step('read any secret', ['secretsmanager:GetSecretValue', any]), [CLOUDSPLAINING('DataExfiltration'), FIELD('IAM-DATA-READ-UNSCOPED'), { tool: 'checkov', id: 'CKV_AWS_108' }]),
  single('data-exfiltration', 'data-exfiltration', 'medium', 'read-any-parameter', 'read every SSM parameter', 'ssm:GetParameter* on `*` reads every parameter, SecureStrings included (with kms:Decrypt).', step('read any parameter', ['ssm:GetParameter', any], ['ssm:GetParameters', any], ['ssm:GetParametersByPath', any]), [CLOUDSPLAINING('DataExfiltration'), FIELD('IAM-DATA-READ-UNSCOPED')]),
  single('data-exfiltration', 'data-exfiltration', 'medium', 'decrypt-any-key', 'decrypt with every KMS key', 'kms:Decrypt on `*` decrypts data under any key whose policy delegates to the account.', step('decrypt with any key', ['kms:Decrypt', any]), [FIELD('IAM-DATA-READ-UNSCOPED'), { tool: 'parliament', id: 'SENSITIVE_ACCESS' }]),
  single('data-exfiltration', 'data-exfiltration', 'medium', 'read-any-object', 'read every S3 object', 's3:GetObject on `*` reads every bucket in the account that has no bucket policy against it.', { label: 'read any object', anyOf: [{ action: 's3:GetObject', on: any, type: 'object' }] }, [CLOUDSPLAINING('DataExfiltration'), FIELD('IAM-DATA-READ-UNSCOPED'), { tool: 'checkov', id: 'CKV_AWS_108' }]),
  single('data-exfiltration', 'data-exfiltration', 'medium', 'scan-any-table', 'scan every DynamoDB table', 'dynamodb:Scan on `*` dumps every table in the account.', step('scan any table', ['dynamodb:Scan', any]), [FIELD('IAM-DATA-READ-UNSCOPED')]),

  // ------------------------------------------------------------------------------------------
  // Role trust open to everyone
  // ------------------------------------------------------------------------------------------
  {
    id: 'role-trust-public',
    class: 'public-role-trust',
    category: 'public-resource-policy',
    severity: 'critical',
    title: 'be assumed by anyone',
    description: 'A trust policy with `Principal: "*"` (or `AWS: "*"`, or an Allow with NotPrincipal) and no condition naming an account, organization or source lets any AWS principal assume the role.',
    match: { kind: 'public-trust' },
    sources: [FIELD('EXP-ROLE-TRUST-PUBLIC'), { tool: 'checkov', id: 'CKV_AWS_60' }, { tool: 'cfn_nag', id: 'F2/F6' }, CLOUDSPLAINING('AssumableByAnyPrincipal'), AWS_DOCS('trust policy', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html')],
  },
];

const BY_ID = new Map(RISKS.map((r) => [r.id, r]));

export function riskById(id: string): RiskDefinition | undefined {
  return BY_ID.get(id);
}

/** Condition keys that narrow a `Principal: "*"` trust to known accounts, organizations or sources. */
export const NARROWING_TRUST_KEYS: readonly string[] = [
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:userid',
];

/**
 * Write actions on `*` that every function needs and that reach nothing sensitive: its own logs,
 * traces and the network interfaces of VPC functions. Not reported as wildcard writes.
 */
export const WILDCARD_WRITE_EXEMPT: readonly string[] = LAMBDA_RUNTIME_WRITES;
