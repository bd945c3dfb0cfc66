/**
 * Google Cloud IAM roles and permissions, and Azure RBAC roles, as the capabilities nightlight's
 * IAM analysis knows: each role becomes the AWS IAM actions that grant the same power (docs/clouds.md
 * has the table and why each maps as it does). The analysis then finds the same risks on every
 * cloud: admin access, privilege escalation (actAs = `iam:PassRole`, minting tokens =
 * `sts:AssumeRole`, key creation = `iam:CreateAccessKey`, setIamPolicy = `iam:PutRolePolicy`),
 * secret reads, data writes.
 *
 * Sources (checked 2026-12-07):
 * - Google: "IAM basic and predefined roles reference" (cloud.google.com/iam/docs/understanding-roles),
 *   "Service account permissions" (cloud.google.com/iam/docs/service-account-permissions: actAs,
 *   getAccessToken, signBlob, signJwt, keys.create), "Privilege escalation" paths as catalogued by
 *   Rhino Security Labs' GCP IAM privilege-escalation research (2020; facts only).
 * - Azure: "Azure built-in roles" (learn.microsoft.com/azure/role-based-access-control/built-in-roles):
 *   Owner (`*`), Contributor (`*` minus Microsoft.Authorization writes and deletes), User Access
 *   Administrator (every Microsoft.Authorization action), data-plane roles for Storage, Service Bus, Key Vault.
 *
 * A role outside the catalogue is unknown, never harmless: its grant becomes an unresolved
 * document ("may be incomplete").
 */

export interface RoleCapability {
  /** AWS IAM actions of the same power. Empty: known to grant nothing the analysis ranks (writing logs, metrics). */
  actions: string[];
  /** Actions granted as `NotAction` (everything except these), for the basic "everything but IAM" roles. */
  notActions?: string[];
  /** Extra actions granted with a NotAction grant (what the basic role keeps of IAM). */
  alsoActions?: string[];
  /** Why: the permissions that give it this power. */
  why: string;
}

const ACT_AS = 'iam:PassRole';
const MINT_TOKEN = 'sts:AssumeRole';
const CREATE_KEY = 'iam:CreateAccessKey';
const SET_IAM = ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutUserPolicy', 'iam:AttachUserPolicy'];
const DEPLOY = ['lambda:CreateFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:DeleteFunction', 'lambda:GetFunction', 'lambda:InvokeFunction'];
const OBJECT_RW = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket'];
const TABLE_RW = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan'];

/** Google predefined and basic roles. */
export const GOOGLE_ROLES: Readonly<Record<string, RoleCapability>> = {
  'roles/owner': { actions: ['*'], why: 'basic role Owner: every permission on the project, setIamPolicy included' },
  'roles/editor': {
    actions: [],
    notActions: ['iam:*', 'organizations:*'],
    alsoActions: [ACT_AS, CREATE_KEY, MINT_TOKEN],
    why: 'basic role Editor: every permission that changes resources except setting IAM policies; it keeps iam.serviceAccounts.actAs, getAccessToken and serviceAccountKeys.create',
  },
  'roles/viewer': { actions: ['*:Describe*', '*:List*'], why: 'basic role Viewer: reads resource metadata (not secret payloads or object data)' },
  'roles/iam.serviceAccountUser': { actions: [ACT_AS], why: 'iam.serviceAccounts.actAs: deploy code that runs as any service account in scope' },
  'roles/iam.serviceAccountTokenCreator': { actions: [MINT_TOKEN], why: 'iam.serviceAccounts.getAccessToken / signBlob / signJwt: mint tokens of any service account in scope' },
  'roles/iam.workloadIdentityUser': { actions: [MINT_TOKEN], why: 'iam.serviceAccounts.getAccessToken through workload identity' },
  'roles/iam.serviceAccountKeyAdmin': { actions: [CREATE_KEY, 'iam:DeleteAccessKey', 'iam:ListAccessKeys'], why: 'iam.serviceAccountKeys.create: long-lived keys of any service account in scope' },
  'roles/iam.serviceAccountAdmin': { actions: ['iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy'], why: 'iam.serviceAccounts.setIamPolicy: grant itself actAs or token creation on any service account in scope' },
  'roles/resourcemanager.projectIamAdmin': { actions: SET_IAM, why: 'resourcemanager.projects.setIamPolicy: grant any role on the project, owner included' },
  'roles/iam.securityAdmin': { actions: [...SET_IAM, 'iam:UpdateAssumeRolePolicy', 'iam:Get*', 'iam:List*'], why: 'setIamPolicy on the project and its service accounts' },
  'roles/iam.roleAdmin': { actions: ['iam:CreatePolicy', 'iam:CreatePolicyVersion'], why: 'iam.roles.create / update: write custom roles' },
  'roles/cloudfunctions.admin': { actions: ['lambda:*'], why: 'cloudfunctions.functions.*, setIamPolicy on functions included' },
  'roles/cloudfunctions.developer': { actions: DEPLOY, why: 'cloudfunctions.functions.create / update / sourceCodeSet: deploy code (with actAs: as another service account)' },
  'roles/cloudfunctions.invoker': { actions: ['lambda:InvokeFunction'], why: 'cloudfunctions.functions.invoke' },
  'roles/run.admin': { actions: ['lambda:*'], why: 'run.services.*, setIamPolicy on services included' },
  'roles/run.developer': { actions: DEPLOY, why: 'run.services.create / update: deploy code' },
  'roles/run.invoker': { actions: ['lambda:InvokeFunction'], why: 'run.routes.invoke' },
  'roles/secretmanager.admin': { actions: ['secretsmanager:*'], why: 'secretmanager.*: read and change every secret' },
  'roles/secretmanager.secretAccessor': { actions: ['secretsmanager:GetSecretValue'], why: 'secretmanager.versions.access: read secret payloads' },
  'roles/secretmanager.secretVersionManager': { actions: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'], why: 'secretmanager.versions.add / enable / destroy' },
  'roles/secretmanager.viewer': { actions: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets'], why: 'secret metadata only' },
  'roles/storage.admin': { actions: ['s3:*'], why: 'storage.buckets.* and storage.objects.*, setIamPolicy on buckets included' },
  'roles/storage.objectAdmin': { actions: OBJECT_RW, why: 'storage.objects.*' },
  'roles/storage.objectCreator': { actions: ['s3:PutObject'], why: 'storage.objects.create' },
  'roles/storage.objectViewer': { actions: ['s3:GetObject', 's3:ListBucket'], why: 'storage.objects.get / list' },
  'roles/storage.objectUser': { actions: OBJECT_RW, why: 'storage.objects.* except setIamPolicy' },
  'roles/storage.legacyBucketWriter': { actions: ['s3:PutObject', 's3:DeleteObject', 's3:ListBucket'], why: 'storage.objects.create / delete, storage.buckets.get' },
  'roles/storage.legacyObjectReader': { actions: ['s3:GetObject'], why: 'storage.objects.get' },
  'roles/pubsub.admin': { actions: ['sns:*', 'sqs:*'], why: 'pubsub.*' },
  'roles/pubsub.editor': { actions: ['sns:*', 'sqs:*'], why: 'pubsub.topics.* and subscriptions.* except setIamPolicy' },
  'roles/pubsub.publisher': { actions: ['sns:Publish'], why: 'pubsub.topics.publish' },
  'roles/pubsub.subscriber': { actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], why: 'pubsub.subscriptions.consume' },
  'roles/datastore.owner': { actions: ['dynamodb:*'], why: 'datastore.*' },
  'roles/datastore.user': { actions: TABLE_RW, why: 'datastore.entities.*' },
  'roles/datastore.viewer': { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'], why: 'datastore.entities.get / list' },
  'roles/cloudsql.client': { actions: ['rds-db:connect'], why: 'cloudsql.instances.connect' },
  'roles/cloudkms.admin': { actions: ['kms:*'], why: 'cloudkms.*' },
  'roles/cloudkms.cryptoKeyEncrypterDecrypter': { actions: ['kms:Encrypt', 'kms:Decrypt'], why: 'cloudkms.cryptoKeyVersions.useToEncrypt / useToDecrypt' },
  'roles/cloudkms.cryptoKeyDecrypter': { actions: ['kms:Decrypt'], why: 'cloudkms.cryptoKeyVersions.useToDecrypt' },
  'roles/compute.admin': { actions: ['ec2:*'], why: 'compute.*' },
  'roles/artifactregistry.reader': { actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], why: 'artifactregistry.repositories.downloadArtifacts' },
  'roles/logging.logWriter': { actions: [], why: 'logging.logEntries.create: writes logs only' },
  'roles/monitoring.metricWriter': { actions: [], why: 'monitoring.timeSeries.create: writes metrics only' },
  'roles/cloudtrace.agent': { actions: [], why: 'cloudtrace.traces.patch: writes traces only' },
  'roles/eventarc.eventReceiver': { actions: [], why: 'eventarc.events.receiveEvent: receives events only' },
  'roles/errorreporting.writer': { actions: [], why: 'errorreporting.errorEvents.create: writes error reports only' },
  'roles/secretmanager.secretVersionAdder': { actions: ['secretsmanager:PutSecretValue'], why: 'secretmanager.versions.add' },
  'roles/pubsub.viewer': { actions: ['sns:GetTopicAttributes', 'sns:ListTopics'], why: 'pubsub.topics.get / list' },
  'roles/bigquery.admin': { actions: ['redshift-data:*'], why: 'bigquery.*' },
  'roles/bigquery.dataOwner': { actions: ['redshift-data:*'], why: 'bigquery.datasets.* and tables.*, setIamPolicy included' },
  'roles/bigquery.dataEditor': { actions: ['redshift-data:GetStatementResult', 'redshift-data:BatchExecuteStatement', 'redshift-data:DescribeTable', 'redshift-data:ListTables'], why: 'bigquery.tables.getData / updateData / create / update / delete' },
  'roles/bigquery.dataViewer': { actions: ['redshift-data:GetStatementResult', 'redshift-data:DescribeTable', 'redshift-data:ListTables'], why: 'bigquery.tables.getData / get / list' },
  'roles/bigquery.jobUser': { actions: ['redshift-data:ExecuteStatement'], why: 'bigquery.jobs.create: run queries (reading only tables it may read)' },
  'roles/bigquery.user': { actions: ['redshift-data:ExecuteStatement', 'redshift-data:DescribeTable', 'redshift-data:ListTables'], why: 'bigquery.jobs.create, datasets.create, tables.list' },
};

/**
 * The permissions each Google role holds, as Google lists them (for covering a function's calls with
 * the narrowest role; a `*` ends a family). Roles of the catalogue not listed here are never suggested.
 * Source: cloud.google.com/iam/docs/understanding-roles (checked 2026-12-07).
 */
export const GOOGLE_ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  'roles/owner': ['*'],
  'roles/editor': ['*'],
  'roles/storage.admin': ['storage.*'],
  'roles/storage.objectAdmin': ['storage.objects.*', 'storage.managedFolders.*', 'storage.multipartUploads.*'],
  'roles/storage.objectUser': ['storage.objects.create', 'storage.objects.delete', 'storage.objects.get', 'storage.objects.list', 'storage.objects.restore', 'storage.objects.update', 'storage.multipartUploads.*', 'storage.managedFolders.get', 'storage.managedFolders.list', 'storage.managedFolders.create', 'storage.managedFolders.delete'],
  'roles/storage.objectCreator': ['storage.objects.create', 'storage.multipartUploads.create', 'storage.multipartUploads.abort', 'storage.multipartUploads.listParts', 'storage.managedFolders.create'],
  'roles/storage.objectViewer': ['storage.objects.get', 'storage.objects.list', 'storage.managedFolders.get', 'storage.managedFolders.list', 'storage.folders.get', 'storage.folders.list'],
  'roles/storage.legacyBucketReader': ['storage.buckets.get', 'storage.objects.list'],
  'roles/storage.legacyBucketWriter': ['storage.buckets.get', 'storage.objects.list', 'storage.objects.create', 'storage.objects.delete', 'storage.multipartUploads.*'],
  'roles/storage.legacyObjectReader': ['storage.objects.get'],
  'roles/pubsub.admin': ['pubsub.*'],
  'roles/pubsub.editor': ['pubsub.topics.create', 'pubsub.topics.delete', 'pubsub.topics.get', 'pubsub.topics.list', 'pubsub.topics.publish', 'pubsub.topics.update', 'pubsub.topics.attachSubscription', 'pubsub.subscriptions.*', 'pubsub.snapshots.*', 'pubsub.schemas.*'],
  'roles/pubsub.publisher': ['pubsub.topics.publish'],
  'roles/pubsub.subscriber': ['pubsub.subscriptions.consume', 'pubsub.snapshots.seek', 'pubsub.topics.attachSubscription'],
  'roles/pubsub.viewer': ['pubsub.topics.get', 'pubsub.topics.list', 'pubsub.subscriptions.get', 'pubsub.subscriptions.list', 'pubsub.snapshots.get', 'pubsub.snapshots.list', 'pubsub.schemas.get', 'pubsub.schemas.list'],
  'roles/secretmanager.admin': ['secretmanager.*'],
  'roles/secretmanager.secretAccessor': ['secretmanager.versions.access'],
  'roles/secretmanager.secretVersionAdder': ['secretmanager.versions.add'],
  'roles/secretmanager.secretVersionManager': ['secretmanager.versions.add', 'secretmanager.versions.enable', 'secretmanager.versions.disable', 'secretmanager.versions.destroy', 'secretmanager.versions.get', 'secretmanager.versions.list', 'secretmanager.secrets.get', 'secretmanager.secrets.list'],
  'roles/secretmanager.viewer': ['secretmanager.secrets.get', 'secretmanager.secrets.list', 'secretmanager.versions.get', 'secretmanager.versions.list', 'secretmanager.locations.get', 'secretmanager.locations.list'],
  'roles/datastore.owner': ['datastore.*'],
  'roles/datastore.user': ['datastore.entities.*', 'datastore.databases.get', 'datastore.databases.getMetadata', 'datastore.indexes.list', 'datastore.namespaces.get', 'datastore.namespaces.list', 'datastore.statistics.get', 'datastore.statistics.list'],
  'roles/datastore.viewer': ['datastore.entities.get', 'datastore.entities.list', 'datastore.databases.get', 'datastore.databases.getMetadata', 'datastore.indexes.get', 'datastore.indexes.list', 'datastore.namespaces.get', 'datastore.namespaces.list', 'datastore.statistics.get', 'datastore.statistics.list'],
  'roles/bigquery.admin': ['bigquery.*'],
  'roles/bigquery.dataOwner': ['bigquery.datasets.*', 'bigquery.tables.*', 'bigquery.models.*', 'bigquery.routines.*'],
  'roles/bigquery.dataEditor': ['bigquery.datasets.get', 'bigquery.tables.create', 'bigquery.tables.delete', 'bigquery.tables.get', 'bigquery.tables.getData', 'bigquery.tables.list', 'bigquery.tables.update', 'bigquery.tables.updateData', 'bigquery.tables.export'],
  'roles/bigquery.dataViewer': ['bigquery.datasets.get', 'bigquery.tables.get', 'bigquery.tables.getData', 'bigquery.tables.list', 'bigquery.tables.export'],
  'roles/bigquery.jobUser': ['bigquery.jobs.create'],
  'roles/bigquery.user': ['bigquery.jobs.create', 'bigquery.datasets.create', 'bigquery.datasets.get', 'bigquery.tables.list', 'bigquery.readsessions.create'],
  'roles/cloudkms.cryptoKeyEncrypterDecrypter': ['cloudkms.cryptoKeyVersions.useToEncrypt', 'cloudkms.cryptoKeyVersions.useToDecrypt'],
  'roles/cloudkms.cryptoKeyDecrypter': ['cloudkms.cryptoKeyVersions.useToDecrypt'],
  'roles/logging.logWriter': ['logging.logEntries.create'],
};

/** Single Google permissions (custom roles), by family; a permission of a family listed here but not mapped is unknown. */
const GOOGLE_PERMISSIONS: Readonly<Record<string, string[]>> = {
  'iam.serviceAccounts.actAs': [ACT_AS],
  'iam.serviceAccounts.getAccessToken': [MINT_TOKEN],
  'iam.serviceAccounts.getOpenIdToken': [MINT_TOKEN],
  'iam.serviceAccounts.signBlob': [MINT_TOKEN],
  'iam.serviceAccounts.signJwt': [MINT_TOKEN],
  'iam.serviceAccounts.implicitDelegation': [MINT_TOKEN],
  'iam.serviceAccountKeys.create': [CREATE_KEY],
  'iam.serviceAccounts.setIamPolicy': ['iam:UpdateAssumeRolePolicy'],
  'iam.serviceAccounts.get': [],
  'iam.serviceAccounts.list': [],
  'iam.roles.create': ['iam:CreatePolicy'],
  'iam.roles.update': ['iam:CreatePolicyVersion'],
  'resourcemanager.projects.setIamPolicy': SET_IAM,
  'resourcemanager.projects.get': [],
  'resourcemanager.projects.getIamPolicy': ['iam:GetRolePolicy'],
  'cloudfunctions.functions.create': ['lambda:CreateFunction'],
  'cloudfunctions.functions.update': ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration'],
  'cloudfunctions.functions.sourceCodeSet': ['lambda:UpdateFunctionCode'],
  'cloudfunctions.functions.setIamPolicy': ['lambda:AddPermission'],
  'cloudfunctions.functions.invoke': ['lambda:InvokeFunction'],
  'cloudfunctions.functions.get': ['lambda:GetFunction'],
  'cloudfunctions.functions.list': ['lambda:ListFunctions'],
  'run.services.create': ['lambda:CreateFunction'],
  'run.services.update': ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration'],
  'run.services.setIamPolicy': ['lambda:AddPermission'],
  'run.routes.invoke': ['lambda:InvokeFunction'],
  'run.services.get': ['lambda:GetFunction'],
  'run.services.list': ['lambda:ListFunctions'],
  'secretmanager.versions.access': ['secretsmanager:GetSecretValue'],
  'secretmanager.versions.add': ['secretsmanager:PutSecretValue'],
  'secretmanager.secrets.get': ['secretsmanager:DescribeSecret'],
  'secretmanager.secrets.list': ['secretsmanager:ListSecrets'],
  'secretmanager.secrets.setIamPolicy': ['secretsmanager:PutResourcePolicy'],
  'storage.objects.get': ['s3:GetObject'],
  'storage.objects.list': ['s3:ListBucket'],
  'storage.objects.create': ['s3:PutObject'],
  'storage.objects.delete': ['s3:DeleteObject'],
  'storage.objects.update': ['s3:PutObject'],
  'storage.buckets.get': [],
  'storage.buckets.list': ['s3:ListAllMyBuckets'],
  'storage.buckets.setIamPolicy': ['s3:PutBucketPolicy'],
  'pubsub.topics.publish': ['sns:Publish'],
  'pubsub.topics.get': [],
  'pubsub.topics.setIamPolicy': ['sns:SetTopicAttributes'],
  'pubsub.subscriptions.consume': ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
  'cloudkms.cryptoKeyVersions.useToDecrypt': ['kms:Decrypt'],
  'cloudkms.cryptoKeyVersions.useToEncrypt': ['kms:Encrypt'],
};
const GOOGLE_FAMILIES = ['iam.', 'resourcemanager.', 'cloudfunctions.', 'run.', 'secretmanager.', 'storage.', 'pubsub.', 'cloudkms.'];

/** Azure built-in roles, by name (role_definition_name) and by the ids of the admin-equivalent ones. */
export const AZURE_ROLES: Readonly<Record<string, RoleCapability>> = {
  Owner: { actions: ['*'], why: 'Owner: Actions * (Microsoft.Authorization/* included: can grant any role)' },
  Contributor: {
    actions: [],
    notActions: ['iam:*', 'organizations:*'],
    alsoActions: [ACT_AS],
    why: 'Contributor: Actions * except Microsoft.Authorization/*/Write and /*/Delete; it can deploy code that runs as any managed identity in scope',
  },
  'User Access Administrator': { actions: [...SET_IAM, 'iam:UpdateAssumeRolePolicy'], why: 'Microsoft.Authorization/*: assign any role, Owner included' },
  'Role Based Access Control Administrator': { actions: SET_IAM, why: 'Microsoft.Authorization/roleAssignments/write' },
  Reader: { actions: ['*:Describe*', '*:List*'], why: 'Reader: */read (metadata; not secret values or blob data)' },
  'Website Contributor': { actions: DEPLOY, why: 'Microsoft.Web/sites/*: deploy code to function apps' },
  'Managed Identity Operator': { actions: [ACT_AS], why: 'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action: attach any identity in scope' },
  'Managed Identity Contributor': { actions: [ACT_AS, 'iam:CreateRole'], why: 'create and assign user-assigned identities' },
  'Key Vault Administrator': { actions: ['secretsmanager:*', 'kms:*'], why: 'Microsoft.KeyVault/vaults/* data actions' },
  'Key Vault Secrets Officer': { actions: ['secretsmanager:*'], why: 'Microsoft.KeyVault/vaults/secrets/*' },
  'Key Vault Secrets User': { actions: ['secretsmanager:GetSecretValue'], why: 'Microsoft.KeyVault/vaults/secrets/getSecret/action' },
  'Key Vault Reader': { actions: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets'], why: 'metadata only' },
  'Storage Account Contributor': { actions: ['s3:*'], why: 'Microsoft.Storage/storageAccounts/* including listKeys: full data access through the account keys' },
  'Storage Blob Data Owner': { actions: ['s3:*'], why: 'Microsoft.Storage/storageAccounts/blobServices/containers/* and blobs/*' },
  'Storage Blob Data Contributor': { actions: OBJECT_RW, why: 'blobs read / write / delete' },
  'Storage Blob Data Reader': { actions: ['s3:GetObject', 's3:ListBucket'], why: 'blobs read' },
  'Storage Queue Data Contributor': { actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], why: 'queues/messages/*' },
  'Storage Queue Data Message Sender': { actions: ['sqs:SendMessage'], why: 'queues/messages/add/action' },
  'Storage Queue Data Message Processor': { actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], why: 'queues/messages/process/action' },
  'Storage Queue Data Reader': { actions: ['sqs:ReceiveMessage'], why: 'queues/messages/read' },
  'Storage Table Data Contributor': { actions: TABLE_RW, why: 'tableServices/tables/entities/*' },
  'Azure Service Bus Data Owner': { actions: ['sqs:*', 'sns:*'], why: 'Microsoft.ServiceBus/*' },
  'Azure Service Bus Data Sender': { actions: ['sqs:SendMessage', 'sns:Publish'], why: 'Microsoft.ServiceBus/*/send/action' },
  'Azure Service Bus Data Receiver': { actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], why: 'Microsoft.ServiceBus/*/receive/action' },
  'EventGrid Data Sender': { actions: ['events:PutEvents', 'sns:Publish'], why: 'Microsoft.EventGrid/topics/events/send/action' },
  'Monitoring Metrics Publisher': { actions: [], why: 'writes metrics only' },
  'Cosmos DB Built-in Data Reader': { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:GetRecords'], why: 'Cosmos DB data plane: items/read, executeQuery, readChangeFeed' },
  'Cosmos DB Built-in Data Contributor': { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:GetRecords', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], why: 'Cosmos DB data plane: containers/* and items/*' },
  'DocumentDB Account Contributor': { actions: ['dynamodb:*'], why: 'Microsoft.DocumentDB/databaseAccounts/* including listKeys: full data access through the account keys' },
};

/**
 * The Actions and DataActions each Azure built-in role holds, as Azure lists them (for covering a
 * function's calls with the narrowest role; a `*` ends a family). A data call needs a DataAction:
 * Owner and Contributor hold Actions `*` but no DataActions. Sources: learn.microsoft.com/azure/role-based-access-control/built-in-roles
 * and, for the Cosmos DB data roles, …/cosmos-db/nosql/security/reference-data-plane-roles (checked 2026-12-07).
 */
export const AZURE_ROLE_PERMISSIONS: Readonly<Record<string, { actions: readonly string[]; dataActions: readonly string[] }>> = {
  Owner: { actions: ['*'], dataActions: [] },
  Contributor: { actions: ['*'], dataActions: [] },
  'Storage Blob Data Owner': { actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'], dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'] },
  'Storage Blob Data Contributor': {
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/delete', 'Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/containers/write', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete', 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read', 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write', 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action', 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'],
  },
  'Storage Blob Data Reader': { actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'], dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'] },
  'Azure Service Bus Data Owner': { actions: ['Microsoft.ServiceBus/*'], dataActions: ['Microsoft.ServiceBus/*'] },
  'Azure Service Bus Data Sender': { actions: ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'], dataActions: ['Microsoft.ServiceBus/*/send/action'] },
  'Azure Service Bus Data Receiver': { actions: ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'], dataActions: ['Microsoft.ServiceBus/*/receive/action'] },
  'Key Vault Administrator': { actions: ['Microsoft.KeyVault/*'], dataActions: ['Microsoft.KeyVault/vaults/*'] },
  'Key Vault Secrets Officer': { actions: ['Microsoft.KeyVault/*'], dataActions: ['Microsoft.KeyVault/vaults/secrets/*'] },
  'Key Vault Secrets User': { actions: [], dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'] },
  'Key Vault Reader': { actions: ['Microsoft.KeyVault/*/read'], dataActions: ['Microsoft.KeyVault/vaults/secrets/readMetadata/action'] },
  'Cosmos DB Built-in Data Reader': { actions: [], dataActions: ['Microsoft.DocumentDB/databaseAccounts/readMetadata', 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery', 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed', 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read'] },
  'Cosmos DB Built-in Data Contributor': { actions: [], dataActions: ['Microsoft.DocumentDB/databaseAccounts/readMetadata', 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/*', 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*'] },
};

/** Whether a permission pattern (`storage.*`, a Service Bus wildcard) covers a permission. */
export function permissionCovers(pattern: string, permission: string): boolean {
  if (pattern === permission || pattern === '*') return true;
  if (!pattern.includes('*')) return false;
  const escaped = pattern.split('*').map((p) => p.replace(/[.+?^$()|[\]{}\\/]/g, (c) => '\\' + c));
  const re = new RegExp('^' + escaped.join('.*') + '$', 'i');
  return re.test(permission);
}

/** The native permissions a role holds, for covering calls: Google permissions, or Azure Actions + DataActions. */
export function rolePermissions(cloud: 'google' | 'azure', role: string): { actions: readonly string[]; dataActions: readonly string[] } | null {
  if (cloud === 'google') {
    const p = GOOGLE_ROLE_PERMISSIONS[role];
    return p ? { actions: p, dataActions: p } : null;
  }
  return AZURE_ROLE_PERMISSIONS[role] ?? null;
}

/** Role definition ids (the GUID at the end of a role_definition_id) of the built-in roles above that matter most. */
export const AZURE_ROLE_IDS: Readonly<Record<string, string>> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '4633458b-17de-408a-b874-0445c86b69e6': 'Key Vault Secrets User',
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': 'Storage Blob Data Contributor',
};

export type RoleLookup = { known: true; capability: RoleCapability } | { known: false; reason: string };

/** A Google role by name (`roles/...`); custom roles are read from their permissions by the caller. */
export function googleRole(role: string): RoleLookup {
  const c = GOOGLE_ROLES[role];
  if (c) return { known: true, capability: c };
  return { known: false, reason: `Google role ${role} is not in nightlight's role catalogue: what it grants is not known` };
}

/** A custom Google role's permissions as capabilities; unknown permissions of a dangerous family make it unresolved. */
export function googlePermissions(permissions: string[]): RoleLookup {
  const actions = new Set<string>();
  const unknown: string[] = [];
  for (const p of permissions) {
    const mapped = GOOGLE_PERMISSIONS[p];
    if (mapped) for (const a of mapped) actions.add(a);
    else if (GOOGLE_FAMILIES.some((f) => p.startsWith(f)) && !/\.(get|list|getIamPolicy)$/.test(p)) unknown.push(p);
  }
  if (unknown.length) return { known: false, reason: `custom role permission${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 4).join(', ')} not in nightlight's permission catalogue` };
  return { known: true, capability: { actions: [...actions].sort(), why: `custom role: ${permissions.length} permission${permissions.length === 1 ? '' : 's'}` } };
}

/** An Azure role by name or by definition id. */
export function azureRole(nameOrId: string): RoleLookup {
  const byId = AZURE_ROLE_IDS[nameOrId.split('/').pop()!.toLowerCase()];
  const c = AZURE_ROLES[byId ?? nameOrId];
  if (c) return { known: true, capability: c };
  return { known: false, reason: `Azure role ${nameOrId} is not in nightlight's role catalogue: what it grants is not known` };
}
