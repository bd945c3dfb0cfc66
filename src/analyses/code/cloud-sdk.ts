/**
 * Google Cloud client libraries and the Azure SDK: the objects a handler builds, the calls it makes
 * on them, and for each call the permission its own cloud checks (a Google IAM permission, an Azure
 * RBAC action or data action) and the AWS IAM actions of the same power, the vocabulary the IAM
 * analysis reads Google and Azure roles in (data/cloud-roles.ts maps roles the same way).
 *
 * A library is a small object graph: constructors or factories give a client, methods on it give
 * narrower objects (a bucket, then a file) or are operations. The object carries the resource it
 * names (bucket, topic, queue, secret) as the argument the code passed. A method a known object has
 * but this table does not is recorded as unmapped, so least privilege is not decided for its service.
 *
 * Sources (checked 2026-12-07; facts only):
 * - Google Cloud Storage: "IAM permissions for JSON methods" (cloud.google.com/storage/docs/access-control/iam-json),
 *   Pub/Sub "Access control with IAM" (cloud.google.com/pubsub/docs/access-control), Secret Manager
 *   "Access control with IAM" (cloud.google.com/secret-manager/docs/access-control), Firestore "IAM"
 *   (cloud.google.com/firestore/docs/security/iam), BigQuery "Access control with IAM"
 *   (cloud.google.com/bigquery/docs/access-control); client library references on googleapis.dev.
 * - Azure: "Azure permissions for Storage / Integration / Security / Databases"
 *   (learn.microsoft.com/azure/role-based-access-control/permissions/storage, …/integration, …/security,
 *   …/databases), Cosmos DB "data plane role-based access control" (learn.microsoft.com/azure/cosmos-db/nosql/security/how-to-grant-data-plane-role-based-access);
 *   Azure SDK for JavaScript and Python references (learn.microsoft.com/javascript/api, …/python/api).
 */
import type { Cloud } from '../../model/types.js';

const GCS = 'https://cloud.google.com/storage/docs/access-control/iam-json';
const PUBSUB = 'https://cloud.google.com/pubsub/docs/access-control';
const GSM = 'https://cloud.google.com/secret-manager/docs/access-control';
const FIRESTORE = 'https://cloud.google.com/firestore/docs/security/iam';
const BQ = 'https://cloud.google.com/bigquery/docs/access-control';
const AZ_STORAGE = 'https://learn.microsoft.com/azure/role-based-access-control/permissions/storage';
const AZ_SB = 'https://learn.microsoft.com/azure/role-based-access-control/permissions/integration';
const AZ_KV = 'https://learn.microsoft.com/azure/role-based-access-control/permissions/security';
const AZ_COSMOS = 'https://learn.microsoft.com/azure/cosmos-db/nosql/security/how-to-grant-data-plane-role-based-access';

export interface CloudOperation {
  /** What the cloud checks: Google IAM permissions, Azure RBAC (data) actions. */
  native: string[];
  /** Azure: the permissions are data actions (granted by a role's DataActions, not its Actions). */
  data?: boolean;
  /** AWS IAM actions of the same power. */
  actions: string[];
  source: string;
}

/** Where an argument is: a position, a keyword (Python) or a property of an options object (`0.name`, `request.name`). */
type Arg = string;

/** A method: gives an object of type `to`, runs operation `op`, or both; `name` is the argument that names the object's resource. */
export interface CloudStep {
  to?: string;
  op?: string;
  name?: Arg[];
  /** The result is the string of this argument (path helpers: `topic_path(project, topic)` → the topic). */
  returns?: Arg[];
}

export interface CloudLibrary {
  cloud: Cloud;
  /** AWS IAM service prefix the calls are recorded under (resolves targets and groups least privilege). */
  service: string;
  /** The request field name a resource is recorded as (`Bucket`, `TopicArn`, `SecretId`, …). */
  param: string;
  /** Qualified names (`@google-cloud/storage.Storage`, `google.cloud.storage.Client`) of constructors and factories → type; `key` when the client authenticates with a key or connection string, `cred` the argument holding the credential. */
  entries: Record<string, { to: string; name?: Arg[]; key?: boolean; cred?: Arg[] }>;
  types: Record<string, Record<string, CloudStep>>;
  ops: Record<string, CloudOperation>;
  /** A path segment before the resource name in a full resource path (`topics` in `projects/p/topics/t`). */
  pathSegment?: string;
}

const steps = (names: string[], step: CloudStep): Record<string, CloudStep> => Object.fromEntries(names.map((n) => [n, step]));

const GCS_READ = ['download', 'createReadStream', 'getMetadata', 'exists', 'get', 'download_as_bytes', 'download_as_string', 'download_as_text', 'download_to_filename', 'download_to_file', 'reload', 'open'];
const GCS_WRITE = ['save', 'createWriteStream', 'upload_from_string', 'upload_from_filename', 'upload_from_file', 'createResumableUpload'];

const googleStorage: CloudLibrary = {
  cloud: 'google',
  service: 's3',
  param: 'Bucket',
  entries: { '@google-cloud/storage.Storage': { to: 'client' }, 'google.cloud.storage.Client': { to: 'client' } },
  types: {
    client: {
      bucket: { to: 'bucket', name: ['0'] },
      get_bucket: { to: 'bucket', op: 'buckets.get', name: ['0', 'bucket_or_name'] },
      lookup_bucket: { to: 'bucket', op: 'buckets.get', name: ['0', 'bucket_name'] },
      list_blobs: { op: 'objects.list', name: ['0', 'bucket_or_name'] },
      getBuckets: { op: 'buckets.list' },
      list_buckets: { op: 'buckets.list' },
      createBucket: { op: 'buckets.create', name: ['0'] },
      create_bucket: { op: 'buckets.create', name: ['0', 'bucket_or_name'] },
    },
    bucket: {
      ...steps(['file', 'blob'], { to: 'file' }),
      get_blob: { to: 'file', op: 'objects.get' },
      upload: { op: 'objects.create' },
      ...steps(['getFiles', 'list_blobs', 'getFilesStream'], { op: 'objects.list' }),
      ...steps(['delete_blob', 'delete_blobs', 'deleteFiles'], { op: 'objects.delete' }),
      copy_blob: { op: 'objects.copy' },
      ...steps(['exists', 'getMetadata', 'get', 'reload'], { op: 'buckets.get' }),
      delete: { op: 'buckets.delete' },
      ...steps(['makePublic', 'make_public', 'setIamPolicy', 'set_iam_policy', 'iam'], { op: 'buckets.setIamPolicy' }),
    },
    file: {
      ...steps(GCS_READ, { op: 'objects.get' }),
      ...steps(GCS_WRITE, { op: 'objects.create' }),
      delete: { op: 'objects.delete' },
      ...steps(['copy', 'rewrite'], { op: 'objects.copy' }),
      ...steps(['move', 'rename'], { op: 'objects.move' }),
      ...steps(['setMetadata', 'patch', 'update'], { op: 'objects.update' }),
      ...steps(['makePublic', 'make_public', 'acl'], { op: 'objects.setIamPolicy' }),
    },
  },
  ops: {
    'objects.get': { native: ['storage.objects.get'], actions: ['s3:GetObject'], source: GCS },
    'objects.list': { native: ['storage.objects.list'], actions: ['s3:ListBucket'], source: GCS },
    'objects.create': { native: ['storage.objects.create'], actions: ['s3:PutObject'], source: GCS },
    'objects.delete': { native: ['storage.objects.delete'], actions: ['s3:DeleteObject'], source: GCS },
    'objects.update': { native: ['storage.objects.update'], actions: ['s3:PutObject'], source: GCS },
    'objects.copy': { native: ['storage.objects.get', 'storage.objects.create'], actions: ['s3:GetObject', 's3:PutObject'], source: GCS },
    'objects.move': { native: ['storage.objects.get', 'storage.objects.create', 'storage.objects.delete'], actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], source: GCS },
    'objects.setIamPolicy': { native: ['storage.objects.setIamPolicy'], actions: ['s3:PutObjectAcl'], source: GCS },
    'buckets.get': { native: ['storage.buckets.get'], actions: [], source: GCS },
    'buckets.list': { native: ['storage.buckets.list'], actions: ['s3:ListAllMyBuckets'], source: GCS },
    'buckets.create': { native: ['storage.buckets.create'], actions: ['s3:CreateBucket'], source: GCS },
    'buckets.delete': { native: ['storage.buckets.delete'], actions: ['s3:DeleteBucket'], source: GCS },
    'buckets.setIamPolicy': { native: ['storage.buckets.setIamPolicy'], actions: ['s3:PutBucketPolicy'], source: GCS },
  },
};

const googlePubSub: CloudLibrary = {
  cloud: 'google',
  service: 'sns',
  param: 'TopicArn',
  pathSegment: 'topics',
  entries: {
    '@google-cloud/pubsub.PubSub': { to: 'client' },
    'google.cloud.pubsub_v1.PublisherClient': { to: 'publisher' },
    'google.cloud.pubsub.PublisherClient': { to: 'publisher' },
    'google.cloud.pubsub_v1.SubscriberClient': { to: 'subscriber' },
    'google.cloud.pubsub.SubscriberClient': { to: 'subscriber' },
  },
  types: {
    client: {
      topic: { to: 'topic', name: ['0'] },
      subscription: { to: 'subscription' },
      createTopic: { op: 'topics.create', name: ['0'] },
      getTopics: { op: 'topics.list' },
    },
    topic: {
      ...steps(['publish', 'publishMessage', 'publishJSON'], { op: 'topics.publish' }),
      ...steps(['get', 'exists', 'getMetadata'], { op: 'topics.get' }),
      delete: { op: 'topics.delete' },
      subscription: { to: 'subscription' },
      flush: {},
    },
    subscription: { ...steps(['on', 'pull', 'acknowledge', 'modifyAckDeadline'], { op: 'subscriptions.consume' }), close: {}, removeListener: {} },
    publisher: {
      topic_path: { returns: ['1', 'topic'] },
      publish: { op: 'topics.publish', name: ['0', 'topic'] },
      create_topic: { op: 'topics.create', name: ['0', 'name', 'request.name'] },
      get_topic: { op: 'topics.get', name: ['0', 'topic', 'request.topic'] },
    },
    subscriber: {
      subscription_path: { returns: [] },
      ...steps(['subscribe', 'pull', 'acknowledge', 'modify_ack_deadline', 'streaming_pull'], { op: 'subscriptions.consume' }),
      close: {},
    },
  },
  ops: {
    'topics.publish': { native: ['pubsub.topics.publish'], actions: ['sns:Publish'], source: PUBSUB },
    'topics.get': { native: ['pubsub.topics.get'], actions: ['sns:GetTopicAttributes'], source: PUBSUB },
    'topics.list': { native: ['pubsub.topics.list'], actions: ['sns:ListTopics'], source: PUBSUB },
    'topics.create': { native: ['pubsub.topics.create'], actions: ['sns:CreateTopic'], source: PUBSUB },
    'topics.delete': { native: ['pubsub.topics.delete'], actions: ['sns:DeleteTopic'], source: PUBSUB },
    'subscriptions.consume': { native: ['pubsub.subscriptions.consume'], actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], source: PUBSUB },
  },
};

const FS_READ = { op: 'entities.get' };
const googleFirestore: CloudLibrary = {
  cloud: 'google',
  service: 'dynamodb',
  param: 'Database',
  entries: { '@google-cloud/firestore.Firestore': { to: 'db' }, 'google.cloud.firestore.Client': { to: 'db' }, 'google.cloud.firestore.AsyncClient': { to: 'db' } },
  types: {
    db: {
      ...steps(['collection', 'collectionGroup', 'collection_group'], { to: 'collection' }),
      ...steps(['doc', 'document'], { to: 'doc' }),
      ...steps(['batch', 'bulkWriter', 'transaction'], { to: 'batch' }),
      ...steps(['getAll', 'get_all'], FS_READ),
      ...steps(['listCollections', 'collections'], { op: 'entities.list' }),
    },
    collection: {
      ...steps(['doc', 'document'], { to: 'doc' }),
      ...steps(['where', 'orderBy', 'order_by', 'limit', 'limitToLast', 'offset', 'select', 'startAt', 'startAfter', 'endAt', 'endBefore', 'start_at', 'start_after', 'end_at', 'end_before', 'count', 'withConverter'], { to: 'collection' }),
      ...steps(['get', 'stream', 'onSnapshot', 'on_snapshot', 'listDocuments', 'list_documents'], { op: 'entities.list' }),
      add: { op: 'entities.create' },
    },
    doc: {
      ...steps(['get', 'onSnapshot', 'on_snapshot'], FS_READ),
      create: { op: 'entities.create' },
      set: { op: 'entities.set' },
      update: { op: 'entities.update' },
      delete: { op: 'entities.delete' },
      ...steps(['collection', 'collections', 'listCollections'], { to: 'collection' }),
      withConverter: { to: 'doc' },
    },
    batch: {
      get: FS_READ,
      create: { op: 'entities.create' },
      set: { op: 'entities.set' },
      update: { op: 'entities.update' },
      delete: { op: 'entities.delete' },
      ...steps(['commit', 'close', 'flush'], {}),
    },
  },
  ops: {
    'entities.get': { native: ['datastore.entities.get'], actions: ['dynamodb:GetItem'], source: FIRESTORE },
    'entities.list': { native: ['datastore.entities.list', 'datastore.entities.get'], actions: ['dynamodb:Query', 'dynamodb:GetItem'], source: FIRESTORE },
    'entities.create': { native: ['datastore.entities.create'], actions: ['dynamodb:PutItem'], source: FIRESTORE },
    'entities.set': { native: ['datastore.entities.create', 'datastore.entities.update'], actions: ['dynamodb:PutItem'], source: FIRESTORE },
    'entities.update': { native: ['datastore.entities.update'], actions: ['dynamodb:UpdateItem'], source: FIRESTORE },
    'entities.delete': { native: ['datastore.entities.delete'], actions: ['dynamodb:DeleteItem'], source: FIRESTORE },
  },
};

const SECRET_NAME = ['0.name', 'request.name', 'name', '0'];
const googleSecrets: CloudLibrary = {
  cloud: 'google',
  service: 'secretsmanager',
  param: 'SecretId',
  pathSegment: 'secrets',
  entries: {
    '@google-cloud/secret-manager.SecretManagerServiceClient': { to: 'client' },
    '@google-cloud/secret-manager.v1.SecretManagerServiceClient': { to: 'client' },
    'google.cloud.secretmanager.SecretManagerServiceClient': { to: 'client' },
    'google.cloud.secretmanager_v1.SecretManagerServiceClient': { to: 'client' },
  },
  types: {
    client: {
      ...steps(['accessSecretVersion', 'access_secret_version'], { op: 'versions.access', name: SECRET_NAME }),
      ...steps(['addSecretVersion', 'add_secret_version'], { op: 'versions.add', name: ['0.parent', 'request.parent', 'parent', '0'] }),
      ...steps(['getSecret', 'get_secret'], { op: 'secrets.get', name: SECRET_NAME }),
      ...steps(['createSecret', 'create_secret'], { op: 'secrets.create', name: ['0.secretId', 'request.secret_id', 'secret_id'] }),
      ...steps(['listSecrets', 'list_secrets'], { op: 'secrets.list' }),
      ...steps(['deleteSecret', 'delete_secret'], { op: 'secrets.delete', name: SECRET_NAME }),
      ...steps(['secretVersionPath', 'secret_version_path', 'secretPath', 'secret_path'], { returns: ['1', 'secret'] }),
      ...steps(['projectPath', 'common_project_path'], { returns: [] }),
    },
  },
  ops: {
    'versions.access': { native: ['secretmanager.versions.access'], actions: ['secretsmanager:GetSecretValue'], source: GSM },
    'versions.add': { native: ['secretmanager.versions.add'], actions: ['secretsmanager:PutSecretValue'], source: GSM },
    'secrets.get': { native: ['secretmanager.secrets.get'], actions: ['secretsmanager:DescribeSecret'], source: GSM },
    'secrets.create': { native: ['secretmanager.secrets.create'], actions: ['secretsmanager:CreateSecret'], source: GSM },
    'secrets.list': { native: ['secretmanager.secrets.list'], actions: ['secretsmanager:ListSecrets'], source: GSM },
    'secrets.delete': { native: ['secretmanager.secrets.delete'], actions: ['secretsmanager:DeleteSecret'], source: GSM },
  },
};

const googleBigQuery: CloudLibrary = {
  cloud: 'google',
  service: 'redshift-data',
  param: 'Database',
  entries: { '@google-cloud/bigquery.BigQuery': { to: 'client' }, 'google.cloud.bigquery.Client': { to: 'client' } },
  types: {
    client: {
      ...steps(['query', 'createQueryJob', 'query_and_wait'], { op: 'jobs.create' }),
      dataset: { to: 'dataset' },
      ...steps(['insert_rows', 'insert_rows_json', 'insert_rows_from_dataframe'], { op: 'tables.updateData' }),
      ...steps(['list_rows'], { op: 'tables.getData' }),
      ...steps(['get_table', 'get_dataset'], { op: 'tables.get' }),
    },
    dataset: { table: { to: 'table' }, ...steps(['query', 'createQueryJob'], { op: 'jobs.create' }), ...steps(['get', 'getMetadata', 'exists', 'getTables'], { op: 'tables.get' }) },
    table: {
      insert: { op: 'tables.updateData' },
      ...steps(['getRows', 'createReadStream'], { op: 'tables.getData' }),
      ...steps(['get', 'getMetadata', 'exists'], { op: 'tables.get' }),
      ...steps(['query', 'createQueryJob'], { op: 'jobs.create' }),
    },
  },
  ops: {
    'jobs.create': { native: ['bigquery.jobs.create'], actions: ['redshift-data:ExecuteStatement'], source: BQ },
    'tables.getData': { native: ['bigquery.tables.getData'], actions: ['redshift-data:GetStatementResult'], source: BQ },
    'tables.updateData': { native: ['bigquery.tables.updateData'], actions: ['redshift-data:BatchExecuteStatement'], source: BQ },
    'tables.get': { native: ['bigquery.tables.get'], actions: ['redshift-data:DescribeTable'], source: BQ },
  },
};

const BLOB = 'Microsoft.Storage/storageAccounts/blobServices/containers';
const AZ_BLOB_READ = ['download', 'downloadToBuffer', 'downloadToFile', 'exists', 'getProperties', 'download_blob', 'get_blob_properties', 'query', 'getTags', 'get_blob_tags', 'readable', 'beginDownloadToFile'];
const AZ_BLOB_WRITE = ['upload', 'uploadData', 'uploadFile', 'uploadStream', 'uploadBrowserData', 'stageBlock', 'commitBlockList', 'upload_blob', 'stage_block', 'commit_block_list', 'syncUploadFromURL', 'beginCopyFromURL', 'start_copy_from_url', 'setMetadata', 'set_blob_metadata', 'setHTTPHeaders', 'set_http_headers', 'appendBlock', 'append_block', 'create', 'createIfNotExists', 'setTags', 'set_blob_tags'];
const AZ_BLOB_DELETE = ['delete', 'deleteIfExists', 'delete_blob', 'undelete', 'undelete_blob'];
const azureBlob: CloudLibrary = {
  cloud: 'azure',
  service: 's3',
  param: 'Bucket',
  entries: {
    '@azure/storage-blob.BlobServiceClient': { to: 'service', cred: ['1'] },
    '@azure/storage-blob.BlobServiceClient.fromConnectionString': { to: 'service', key: true },
    '@azure/storage-blob.ContainerClient': { to: 'container', cred: ['1', '2'], name: ['1'] },
    'azure.storage.blob.BlobServiceClient': { to: 'service', cred: ['1', 'credential'] },
    'azure.storage.blob.BlobServiceClient.from_connection_string': { to: 'service', key: true },
    'azure.storage.blob.ContainerClient': { to: 'container', cred: ['2', 'credential'], name: ['1', 'container_name'] },
    'azure.storage.blob.ContainerClient.from_connection_string': { to: 'container', key: true, name: ['1', 'container_name'] },
    'azure.storage.blob.BlobClient.from_connection_string': { to: 'blob', key: true, name: ['1', 'container_name'] },
    'azure.storage.blob.aio.BlobServiceClient': { to: 'service', cred: ['1', 'credential'] },
  },
  types: {
    service: {
      ...steps(['getContainerClient', 'get_container_client'], { to: 'container', name: ['0', 'container'] }),
      get_blob_client: { to: 'blob', name: ['0', 'container'] },
      ...steps(['listContainers', 'list_containers', 'getProperties', 'get_service_properties'], { op: 'containers.read' }),
      ...steps(['createContainer', 'create_container'], { to: 'container', op: 'containers.write', name: ['0', 'name'] }),
      ...steps(['deleteContainer', 'delete_container'], { op: 'containers.delete', name: ['0', 'container'] }),
      ...steps(['getUserDelegationKey', 'get_user_delegation_key'], { op: 'delegationKey' }),
      close: {},
    },
    container: {
      ...steps(['getBlobClient', 'getBlockBlobClient', 'getAppendBlobClient', 'getPageBlobClient', 'get_blob_client'], { to: 'blob' }),
      ...steps(['uploadBlockBlob', 'upload_blob'], { op: 'blobs.write' }),
      ...steps(['listBlobsFlat', 'listBlobsByHierarchy', 'list_blobs', 'list_blob_names', 'walk_blobs', 'findBlobsByTags', 'find_blobs_by_tags'], { op: 'blobs.list' }),
      download_blob: { op: 'blobs.read' },
      ...steps(['deleteBlob', 'delete_blob', 'delete_blobs'], { op: 'blobs.delete' }),
      ...steps(['create', 'createIfNotExists', 'create_container', 'setMetadata', 'set_container_metadata'], { op: 'containers.write' }),
      ...steps(['delete', 'deleteIfExists', 'delete_container'], { op: 'containers.delete' }),
      ...steps(['exists', 'getProperties', 'get_container_properties'], { op: 'containers.read' }),
      ...steps(['setAccessPolicy', 'set_container_access_policy'], { op: 'containers.setAccessPolicy' }),
      close: {},
    },
    blob: {
      ...steps(AZ_BLOB_READ, { op: 'blobs.read' }),
      ...steps(AZ_BLOB_WRITE, { op: 'blobs.write' }),
      ...steps(AZ_BLOB_DELETE, { op: 'blobs.delete' }),
      ...steps(['getBlockBlobClient', 'getAppendBlobClient', 'getPageBlobClient'], { to: 'blob' }),
      ...steps(['generateSasUrl', 'generate_sas', 'url', 'close'], {}),
    },
  },
  ops: {
    'blobs.read': { native: [`${BLOB}/blobs/read`], data: true, actions: ['s3:GetObject'], source: AZ_STORAGE },
    'blobs.list': { native: [`${BLOB}/blobs/read`], data: true, actions: ['s3:ListBucket'], source: AZ_STORAGE },
    'blobs.write': { native: [`${BLOB}/blobs/write`], data: true, actions: ['s3:PutObject'], source: AZ_STORAGE },
    'blobs.delete': { native: [`${BLOB}/blobs/delete`], data: true, actions: ['s3:DeleteObject'], source: AZ_STORAGE },
    'containers.read': { native: [`${BLOB}/read`], actions: ['s3:ListAllMyBuckets'], source: AZ_STORAGE },
    'containers.write': { native: [`${BLOB}/write`], actions: ['s3:CreateBucket'], source: AZ_STORAGE },
    'containers.delete': { native: [`${BLOB}/delete`], actions: ['s3:DeleteBucket'], source: AZ_STORAGE },
    'containers.setAccessPolicy': { native: [`${BLOB}/setAccessPolicy/action`], actions: ['s3:PutBucketPolicy'], source: AZ_STORAGE },
    delegationKey: { native: ['Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'], actions: [], source: AZ_STORAGE },
  },
};

const SB = 'Microsoft.ServiceBus/namespaces/messages';
const azureServiceBus: CloudLibrary = {
  cloud: 'azure',
  service: 'sqs',
  param: 'QueueUrl',
  entries: {
    // one argument is a connection string; (namespace, credential) authenticates with the credential
    '@azure/service-bus.ServiceBusClient': { to: 'client', cred: ['1'] },
    'azure.servicebus.ServiceBusClient': { to: 'client', cred: ['1', 'credential'] },
    'azure.servicebus.ServiceBusClient.from_connection_string': { to: 'client', key: true },
    'azure.servicebus.aio.ServiceBusClient': { to: 'client', cred: ['1', 'credential'] },
    'azure.servicebus.aio.ServiceBusClient.from_connection_string': { to: 'client', key: true },
  },
  types: {
    client: {
      createSender: { to: 'sender', name: ['0'] },
      ...steps(['get_queue_sender'], { to: 'sender', name: ['0', 'queue_name'] }),
      ...steps(['get_topic_sender'], { to: 'sender', name: ['0', 'topic_name'] }),
      ...steps(['createReceiver', 'acceptSession', 'acceptNextSession'], { to: 'receiver', name: ['0'] }),
      ...steps(['get_queue_receiver'], { to: 'receiver', name: ['0', 'queue_name'] }),
      ...steps(['get_subscription_receiver'], { to: 'receiver', name: ['0', 'topic_name'] }),
      close: {},
    },
    sender: { ...steps(['sendMessages', 'scheduleMessages', 'send_messages', 'schedule_messages', 'createMessageBatch', 'create_message_batch', 'cancelScheduledMessages', 'cancel_scheduled_messages'], { op: 'send' }), close: {} },
    receiver: {
      ...steps(['receiveMessages', 'subscribe', 'peekMessages', 'getMessageIterator', 'completeMessage', 'abandonMessage', 'deferMessage', 'deadLetterMessage', 'renewMessageLock', 'receive_messages', 'peek_messages', 'complete_message', 'abandon_message', 'defer_message', 'dead_letter_message', 'renew_message_lock', 'receiveDeferredMessages', 'receive_deferred_messages'], { op: 'receive' }),
      close: {},
    },
  },
  ops: {
    send: { native: [`${SB}/send/action`], data: true, actions: ['sqs:SendMessage', 'sns:Publish'], source: AZ_SB },
    receive: { native: [`${SB}/receive/action`], data: true, actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'], source: AZ_SB },
  },
};

const KV = 'Microsoft.KeyVault/vaults/secrets';
const azureKeyVault: CloudLibrary = {
  cloud: 'azure',
  service: 'secretsmanager',
  param: 'SecretId',
  entries: {
    '@azure/keyvault-secrets.SecretClient': { to: 'client', cred: ['1'] },
    'azure.keyvault.secrets.SecretClient': { to: 'client', cred: ['1', 'credential'] },
    'azure.keyvault.secrets.aio.SecretClient': { to: 'client', cred: ['1', 'credential'] },
  },
  types: {
    client: {
      ...steps(['getSecret', 'get_secret'], { op: 'getSecret', name: ['0', 'name'] }),
      ...steps(['setSecret', 'set_secret'], { op: 'setSecret', name: ['0', 'name'] }),
      ...steps(['listPropertiesOfSecrets', 'list_properties_of_secrets', 'listPropertiesOfSecretVersions', 'list_properties_of_secret_versions', 'updateSecretProperties', 'update_secret_properties'], { op: 'readMetadata' }),
      ...steps(['beginDeleteSecret', 'begin_delete_secret', 'purgeDeletedSecret', 'purge_deleted_secret'], { op: 'delete', name: ['0', 'name'] }),
      close: {},
    },
  },
  ops: {
    getSecret: { native: [`${KV}/getSecret/action`], data: true, actions: ['secretsmanager:GetSecretValue'], source: AZ_KV },
    setSecret: { native: [`${KV}/setSecret/action`], data: true, actions: ['secretsmanager:PutSecretValue'], source: AZ_KV },
    readMetadata: { native: [`${KV}/readMetadata/action`], data: true, actions: ['secretsmanager:ListSecrets'], source: AZ_KV },
    delete: { native: [`${KV}/delete`], data: true, actions: ['secretsmanager:DeleteSecret'], source: AZ_KV },
  },
};

const COSMOS = 'Microsoft.DocumentDB/databaseAccounts';
const azureCosmos: CloudLibrary = {
  cloud: 'azure',
  service: 'dynamodb',
  param: 'Database',
  entries: {
    // `new CosmosClient({ endpoint, key })` authenticates with the account key, `{ endpoint, aadCredentials }` with the credential
    '@azure/cosmos.CosmosClient': { to: 'client', cred: ['0.aadCredentials', '0.key'] },
    'azure.cosmos.CosmosClient': { to: 'client', cred: ['1', 'credential'] },
    'azure.cosmos.CosmosClient.from_connection_string': { to: 'client', key: true },
    'azure.cosmos.aio.CosmosClient': { to: 'client', cred: ['1', 'credential'] },
  },
  types: {
    client: { ...steps(['database', 'get_database_client'], { to: 'database' }) },
    database: { ...steps(['container', 'get_container_client'], { to: 'container' }) },
    container: {
      items: { to: 'container' },
      item: { to: 'item' },
      ...steps(['create', 'create_item'], { op: 'items.create' }),
      ...steps(['upsert', 'upsert_item'], { op: 'items.upsert' }),
      ...steps(['read_item', 'readAll', 'read_all_items'], { op: 'items.read' }),
      ...steps(['query', 'query_items', 'fetchAll', 'fetchNext'], { op: 'query' }),
      ...steps(['replace_item', 'patch_item'], { op: 'items.replace' }),
      delete_item: { op: 'items.delete' },
      ...steps(['changeFeed', 'query_items_change_feed', 'getChangeFeedIterator'], { op: 'changeFeed' }),
      ...steps(['batch', 'bulk', 'execute_item_batch'], { op: 'items.upsert' }),
    },
    item: {
      read: { op: 'items.read' },
      ...steps(['replace', 'patch'], { op: 'items.replace' }),
      delete: { op: 'items.delete' },
    },
  },
  ops: {
    'items.read': { native: [`${COSMOS}/sqlDatabases/containers/items/read`], data: true, actions: ['dynamodb:GetItem'], source: AZ_COSMOS },
    'items.create': { native: [`${COSMOS}/sqlDatabases/containers/items/create`], data: true, actions: ['dynamodb:PutItem'], source: AZ_COSMOS },
    'items.upsert': { native: [`${COSMOS}/sqlDatabases/containers/items/upsert`], data: true, actions: ['dynamodb:PutItem'], source: AZ_COSMOS },
    'items.replace': { native: [`${COSMOS}/sqlDatabases/containers/items/replace`], data: true, actions: ['dynamodb:UpdateItem'], source: AZ_COSMOS },
    'items.delete': { native: [`${COSMOS}/sqlDatabases/containers/items/delete`], data: true, actions: ['dynamodb:DeleteItem'], source: AZ_COSMOS },
    query: { native: [`${COSMOS}/sqlDatabases/containers/executeQuery`], data: true, actions: ['dynamodb:Query'], source: AZ_COSMOS },
    changeFeed: { native: [`${COSMOS}/sqlDatabases/containers/readChangeFeed`], data: true, actions: ['dynamodb:GetRecords'], source: AZ_COSMOS },
  },
};

export const CLOUD_LIBRARIES: Readonly<Record<string, CloudLibrary>> = {
  'google-storage': googleStorage,
  'google-pubsub': googlePubSub,
  'google-firestore': googleFirestore,
  'google-secret-manager': googleSecrets,
  'google-bigquery': googleBigQuery,
  'azure-blob': azureBlob,
  'azure-service-bus': azureServiceBus,
  'azure-key-vault': azureKeyVault,
  'azure-cosmos': azureCosmos,
};

/** Qualified constructor or factory name → library id and entry. */
export const CLOUD_ENTRIES: ReadonlyMap<string, { lib: string; entry: CloudLibrary['entries'][string] }> = new Map(
  Object.entries(CLOUD_LIBRARIES).flatMap(([lib, l]) => Object.entries(l.entries).map(([q, entry]) => [q, { lib, entry }] as const)),
);

/** Credentials that authenticate as the function's identity (Entra ID tokens), and those that are keys. */
export const IDENTITY_CREDENTIALS = /^(@azure\/identity|azure\.identity(\.aio)?)\./;
export const KEY_CREDENTIALS = /(StorageSharedKeyCredential|AzureNamedKeyCredential|AzureKeyCredential|AzureSasCredential)$/;

/** Methods every object answers that are not service calls. */
export const NOT_CALLS = new Set(['then', 'catch', 'finally', 'toString', 'toJSON', 'valueOf', 'name', 'id', 'on_error', 'once', 'off', 'emit', 'setOptions', 'constructor']);

/** `projects/p/topics/orders` → `orders` (the segment after `<segment>/`), for literals and patterns. */
export function resourceName(text: string, segment: string | undefined): string {
  if (!segment) return text;
  const m = new RegExp(`(?:^|/)${segment}/([^/]+)`).exec(text);
  return m ? m[1]! : text;
}
