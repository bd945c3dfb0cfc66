/**
 * A bounded abstract interpreter over the handler IR. One pass over each function body (branches
 * evaluated separately and merged, loops once), calls into the handler's own functions followed
 * with their arguments (depth- and budget-bounded, memoised per argument shape). Abstract values
 * carry: taint (with the path it took), the event path they were read from, known constants,
 * environment variable names, object shapes, and what library or AWS SDK object they are.
 * SDK calls and sinks are recognised while evaluating, so both follow helpers and imports.
 *
 * The interpreter is one class in four files along its seams: values and scopes
 * (`interp-values.ts`), the evaluator (`interp-eval.ts`), modules and calls (`interp-calls.ts`), sinks
 * (`interp-sinks.ts`); this file records AWS SDK calls and is the class callers use.
 */
import type { Expr, Pos } from '../../model/code-ir.js';
import { DYNAMO_CONDITION_MAPS, DYNAMO_EXPRESSIONS, SDK_SQL_FIELDS } from './sinks.js';
import {
  actionsFor,
  CLIENT_HELPERS,
  DOCUMENT_CLIENT_OPS,
  operationName,
  RESOURCE_PARAMS,
  SEND_OPERATIONS,
  servicePrefix,
  WAITER_OPS,
} from './sdk-actions.js';
import type { NativeCall, ResourceValue, SdkFlavor, SdkResource, TaintPath } from './types.js';
import { CLOUD_ENTRIES, CLOUD_LIBRARIES, IDENTITY_CREDENTIALS, KEY_CREDENTIALS, NOT_CALLS, resourceName, type CloudLibrary } from './cloud-sdk.js';
import {
  type Taint,
  type SdkObj,
  type Val,
  EMPTY,
  S3_ACL_FIELDS,
  type Frame,
  loc,
  qname,
  addStep,
  RUBY_RESOURCE_TYPES,
  RUBY_RESOURCE_LISTS,
  RUBY_RESOURCE_METHODS,
  rubyIdent,
  rubyFields,
  toPath,
  eventTaint,
} from './interp-values.js';
import { SinkChecker } from './interp-sinks.js';

export type { InterpOptions } from './interp-eval.js';
export type { InterpResult } from './interp-values.js';

export class Interpreter extends SinkChecker {
  // ----- AWS SDK --------------------------------------------------------------------------

  protected override sdkNew(callee: Val, args: Val[], frame: Frame, pos: Pos): Val | null {
    const ext = callee.ext;
    if (!ext) return null;
    const cloud = this.cloudEntry(callee, args, new Map());
    if (cloud) return cloud;
    const name = ext.path.filter((p) => p !== 'default');
    if (ext.pkg.startsWith('@aws-sdk/client-')) {
      const service = servicePrefix(ext.pkg.slice('@aws-sdk/client-'.length));
      const cls = name[name.length - 1];
      if (!cls) return null;
      if (cls.endsWith('Command')) {
        const op = cls.slice(0, -'Command'.length);
        this.record('js-v3', service, op, args[0], undefined, frame, pos);
        return { sdk: { t: 'command', service, op } };
      }
      return { sdk: { t: 'client', service, sdk: 'js-v3', doc: false, bare: cls.endsWith('Client') } };
    }
    if (ext.pkg === '@aws-sdk/lib-dynamodb') {
      const cls = name[name.length - 1] ?? '';
      if (cls.endsWith('Command')) {
        const op = DOCUMENT_CLIENT_OPS[cls.slice(0, -'Command'.length)] ?? cls.slice(0, -'Command'.length);
        this.record('js-v3', 'dynamodb', op, args[0], undefined, frame, pos);
        return { sdk: { t: 'command', service: 'dynamodb', op } };
      }
      return { sdk: { t: 'client', service: 'dynamodb', sdk: 'js-v3', doc: true, bare: cls === 'DynamoDBDocumentClient' } };
    }
    if (ext.pkg === '@aws-sdk/lib-storage' && name[0] === 'Upload') {
      const params = args[0]?.props?.get('params');
      this.record('js-v3', 's3', 'Upload', params, undefined, frame, pos);
      return {};
    }
    if (ext.pkg === 'aws-sdk' || ext.pkg.startsWith('aws-sdk/clients/')) {
      const svc = ext.pkg === 'aws-sdk' ? name[0] : ext.pkg.slice('aws-sdk/clients/'.length);
      if (!svc) return null;
      const doc = (ext.pkg === 'aws-sdk' ? name[1] : name[0]) === 'DocumentClient';
      if (ext.pkg === 'aws-sdk' && name.length > (doc ? 2 : 1)) return null;
      if (['config', 'Credentials', 'Endpoint', 'util', 'Config'].includes(svc)) return null;
      return { sdk: { t: 'client', service: doc ? 'dynamodb' : servicePrefix(svc), sdk: 'js-v2', doc, bare: false } };
    }
    return null;
  }

  protected override sdkCall(e: Extract<Expr, { k: 'call' }>, callee: Val, recv: Val | undefined, method: string | null, args: Val[], kw: Map<string, Val>, frame: Frame): Val | null {
    const ext = callee.ext;
    const pos = e.pos;
    const cloud = this.cloudEntry(callee, args, kw);
    if (cloud) return cloud;
    if (recv?.sdk?.t === 'cloud' && method) return this.cloudMethod(recv.sdk, method, args, kw, frame, pos);
    if (ext) {
      const name = ext.path.filter((p) => p !== 'default');
      if (ext.pkg.startsWith('@aws-sdk/client-') || ext.pkg === '@aws-sdk/lib-dynamodb') {
        const service = ext.pkg === '@aws-sdk/lib-dynamodb' ? 'dynamodb' : servicePrefix(ext.pkg.slice('@aws-sdk/client-'.length));
        const fn = name[name.length - 1] ?? '';
        if (fn.startsWith('paginate')) {
          const stem = fn.slice('paginate'.length);
          this.record('js-v3', service, ext.pkg === '@aws-sdk/lib-dynamodb' ? (DOCUMENT_CLIENT_OPS[stem] ?? stem) : stem, args[1], undefined, frame, pos);
          return {};
        }
        if (fn.startsWith('waitUntil') || fn.startsWith('waitFor')) {
          const stem = fn.replace(/^waitUntil|^waitFor/, '');
          const op = WAITER_OPS[stem];
          if (op) this.record('js-v3', service, op, args[1], undefined, frame, pos);
          return {};
        }
        if (name.length === 2 && name[1] === 'from') return { sdk: { t: 'client', service: 'dynamodb', sdk: 'js-v3', doc: true, bare: name[0] === 'DynamoDBDocumentClient' } };
      }
      if (ext.pkg === '@aws-sdk/s3-presigned-post') {
        this.record('js-v3', 's3', 'PutObject', args[1], undefined, frame, pos);
        return {};
      }
      if (ext.pkg === 'boto3' || ext.pkg === 'aioboto3' || ext.pkg === 'boto3.session') {
        const fn = name[name.length - 1];
        if (fn === 'client' || fn === 'resource') return this.boto3Factory(fn, args, kw);
      }
    }
    if (recv?.lib === 'boto3' && (method === 'client' || method === 'resource') && !recv.sdk) return this.boto3Factory(method, args, kw);
    const s = recv?.sdk;
    if (!s || !method) return null;
    if (s.t === 'client') {
      if (s.bare) {
        // a read command carries what it returns (second order)
        if (method === 'send') return args[0]?.sdk?.t === 'command' && args[0].taint ? { taint: args[0].taint } : {};
        return null;
      }
      return this.clientMethod(s, method, e, args, kw, frame);
    }
    if (s.t === 'paginator') {
      if (method === 'paginate') this.record('boto3', s.service, s.op, undefined, kw, frame, pos);
      return {};
    }
    if (s.t === 'resource' && this.ruby) {
      const type = RUBY_RESOURCE_TYPES[method];
      if (type) return { sdk: { t: 'res-obj', service: s.service, type, ident: rubyIdent(args) } };
      const op = RUBY_RESOURCE_LISTS[method] ?? (method === 'get_queue_by_name' ? 'GetQueueUrl' : operationName(method));
      this.record('ruby', s.service, op, undefined, rubyFields(kw, args), frame, pos);
      return method === 'get_queue_by_name' ? { sdk: { t: 'res-obj', service: s.service, type: 'Queue', ident: [] } } : {};
    }
    if (s.t === 'res-obj' && this.ruby) {
      if (s.type === 'Bucket' && method === 'object') return { sdk: { t: 'res-obj', service: s.service, type: 'Object', ident: [s.ident[0] ?? EMPTY, ...rubyIdent(args)] } };
      const m = RUBY_RESOURCE_METHODS[`${s.type}#${method}`];
      if (m === null) return {};
      if (m === undefined && method === 'presigned_url') {
        const verb = this.strOf(args[0] ?? EMPTY);
        return verb ? this.resourceMethod(s, verb, [], new Map(), frame, pos, 'ruby') : {};
      }
      return this.resourceMethod(s, m ?? method, [], rubyFields(kw, args), frame, pos, 'ruby');
    }
    if (s.t === 'resource') {
      if (/^[A-Z]/.test(method)) return { sdk: { t: 'res-obj', service: s.service, type: method, ident: args.length ? args : [...kw.values()] } };
      if (method === 'get_queue_by_name') {
        this.record('boto3', s.service, 'GetQueueUrl', undefined, kw, frame, pos);
        return { sdk: { t: 'res-obj', service: 'sqs', type: 'Queue', ident: [] } };
      }
      if (method === 'meta') return null;
      this.record('boto3', s.service, operationName(method), undefined, kw, frame, pos);
      return {};
    }
    if (s.t === 'res-obj') return this.resourceMethod(s, method, args, kw, frame, pos);
    return null;
  }

  protected boto3Factory(kind: string, args: Val[], kw: Map<string, Val>): Val {
    const name = this.strOf(args[0] ?? kw.get('service_name') ?? EMPTY);
    if (!name) return { lib: 'boto3' };
    const service = servicePrefix(name);
    return kind === 'client' ? { sdk: { t: 'client', service, sdk: 'boto3', doc: false, bare: false } } : { sdk: { t: 'resource', service } };
  }

  protected clientMethod(s: Extract<SdkObj, { t: 'client' }>, method: string, e: Extract<Expr, { k: 'call' }>, args: Val[], kw: Map<string, Val>, frame: Frame): Val {
    const pos = e.pos;
    const py = s.sdk === 'boto3';
    if (Object.prototype.hasOwnProperty.call(CLIENT_HELPERS, method)) {
      const mapped = CLIENT_HELPERS[method];
      if (mapped) {
        if (py) {
          const positional = new Map(kw);
          // upload_file(Filename, Bucket, Key) / download_file(Bucket, Key, Filename) / copy(CopySource, Bucket, Key)
          const bucketIdx = method.startsWith('upload') || method === 'copy' ? 1 : 0;
          if (args[bucketIdx] && !positional.has('Bucket')) positional.set('Bucket', { ...args[bucketIdx]!, at: loc(frame.mod.ir.file, e.args[bucketIdx]!.pos) });
          if (args[bucketIdx + 1] && !positional.has('Key')) positional.set('Key', { ...args[bucketIdx + 1]!, at: loc(frame.mod.ir.file, e.args[bucketIdx + 1]!.pos) });
          this.record('boto3', s.service, mapped, undefined, positional, frame, pos);
        } else this.record(s.sdk, s.service, mapped, args[0], undefined, frame, pos);
        return {};
      }
      if (method === 'get_paginator') {
        const op = this.strOf(args[0] ?? EMPTY);
        return op ? { sdk: { t: 'paginator', service: s.service, op: operationName(op) } } : {};
      }
      if (method === 'get_waiter' || method === 'waitFor') {
        const w = this.strOf(args[0] ?? EMPTY);
        const op = w ? WAITER_OPS[w] ?? WAITER_OPS[operationName(w)] : undefined;
        if (op) this.record(s.sdk, s.service, op, py ? undefined : args[1], undefined, frame, pos);
        return {};
      }
      if (method === 'generate_presigned_url' || method === 'getSignedUrl' || method === 'getSignedUrlPromise' || method === 'makeRequest') {
        const opName = this.strOf(args[0] ?? kw.get('ClientMethod') ?? EMPTY);
        if (opName) {
          const params = py ? kw.get('Params') ?? args[1] : args[1];
          this.record(s.sdk, s.service, s.doc ? (DOCUMENT_CLIENT_OPS[opName] ?? operationName(opName)) : operationName(opName), params, undefined, frame, pos);
        }
        return {};
      }
      if (method === 'generate_presigned_post' || method === 'createPresignedPost') {
        this.record(s.sdk, s.service, 'PutObject', py ? undefined : args[0], py ? kw : undefined, frame, pos);
        return {};
      }
      return {};
    }
    const op = s.doc ? (DOCUMENT_CLIENT_OPS[method] ?? operationName(method)) : operationName(method);
    this.record(s.sdk, s.service, op, py ? undefined : args[0], py ? kw : undefined, frame, pos);
    return {};
  }

  protected resourceMethod(s: Extract<SdkObj, { t: 'res-obj' }>, method: string, args: Val[], kw: Map<string, Val>, frame: Frame, pos: Pos, sdk: SdkFlavor = 'boto3'): Val {
    const ident = new Map(kw);
    const identNames: Record<string, string[]> = { Table: ['TableName'], Bucket: ['Bucket'], Object: ['Bucket', 'Key'], objects: ['Bucket'], Queue: ['QueueUrl'], Topic: ['TopicArn'], batch_writer: ['TableName'], Function: ['FunctionName'] };
    (identNames[s.type] ?? []).forEach((n, i) => {
      if (s.ident[i] && !ident.has(n)) ident.set(n, s.ident[i]!);
    });
    if (s.type === 'Table' && method === 'batch_writer') return { sdk: { t: 'res-obj', service: s.service, type: 'batch_writer', ident: s.ident } };
    let op: string;
    if (s.type === 'batch_writer') op = method === 'delete_item' || method === 'put_item' ? 'BatchWriteItem' : '';
    else if (s.type === 'objects') op = method === 'delete' ? 'DeleteObjects' : 'ListObjectsV2';
    else if (s.type === 'Object') op = ({ get: 'GetObject', put: 'PutObject', delete: 'DeleteObject', load: 'HeadObject', reload: 'HeadObject', copy_from: 'CopyObject', upload_file: 'UploadFile', download_file: 'DownloadFile', upload_fileobj: 'UploadFile', download_fileobj: 'DownloadFile' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Bucket') op = ({ put_object: 'PutObject', upload_file: 'UploadFile', upload_fileobj: 'UploadFile', download_file: 'DownloadFile', download_fileobj: 'DownloadFile', delete: 'DeleteBucket', load: 'HeadBucket', copy: 'Copy' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Table') op = ({ load: 'DescribeTable', reload: 'DescribeTable', delete: 'DeleteTable', update: 'UpdateTable' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Queue') op = ({ load: 'GetQueueAttributes', reload: 'GetQueueAttributes', delete: 'DeleteQueue', receive_messages: 'ReceiveMessage' } as Record<string, string>)[method] ?? operationName(method);
    else if (s.type === 'Topic') op = ({ load: 'GetTopicAttributes', delete: 'DeleteTopic' } as Record<string, string>)[method] ?? operationName(method);
    else op = operationName(method);
    if (op && !['meta', 'name', 'key'].includes(method)) {
      if ((method.startsWith('upload') || method.startsWith('download')) && s.type === 'Bucket' && args[1] && !ident.has('Key')) ident.set('Key', args[1]);
      this.record(sdk, s.service, op, undefined, ident, frame, pos);
    }
    return {};
  }

  protected override record(sdk: SdkFlavor, service: string, operation: string, input: Val | undefined, kw: Map<string, Val> | undefined, frame: Frame, pos: Pos): void {
    const location = loc(frame.mod.ir.file, pos);
    const fields: Map<string, Val> = kw ?? input?.props ?? new Map();
    const mapping = actionsFor(service, operation);
    let actions = [...mapping.actions];
    if (service === 'dynamodb' && operation === 'ExecuteStatement') {
      const stmt = this.strOf(fields.get('Statement') ?? EMPTY);
      const verb = stmt ? /^\s*(select|insert|update|delete)/i.exec(stmt)?.[1] : undefined;
      if (verb) actions = [`dynamodb:PartiQL${verb[0]!.toUpperCase()}${verb.slice(1).toLowerCase()}`];
    }
    // an object written with an ACL needs s3:PutObjectAcl as well (the request carries x-amz-acl / x-amz-grant-*)
    if (service === 's3' && ['PutObject', 'CopyObject', 'CreateMultipartUpload'].includes(operation) && [...fields.keys()].some((k) => S3_ACL_FIELDS.test(k))) actions.push('s3:PutObjectAcl');
    const resources: SdkResource[] = [];
    let resourceTaint: TaintPath | null = null;
    for (const param of RESOURCE_PARAMS) {
      const v = fields.get(param);
      if (!v) continue;
      resources.push({ param, value: this.resourceValue(v) });
      const t = eventTaint(v.taint);
      if (t && !resourceTaint) resourceTaint = toPath(addStep(t, { location: v.at ?? location, message: `used as ${param} of ${service}:${operation}` }));
      break;
    }
    if (this.opts.storedInput) {
      const st = this.opts.storedInput(service, operation, resources);
      if (st) this.readTaint = { kind: st.kind, label: st.label, source: location, steps: [...st.steps, { location, message: `${st.label} is read back here` }], sanitized: new Set(), origin: st.origin };
    }
    const requestItems = fields.get('RequestItems');
    if (requestItems) {
      for (const k of requestItems.props?.keys() ?? []) if (!k.startsWith('${')) resources.push({ param: 'RequestItems', value: { kind: 'literal', value: k } });
      for (const kv of requestItems.keyVals ?? []) if (kv.str === undefined) resources.push({ param: 'RequestItems', value: this.resourceValue(kv) });
    }
    if (service === 'events' && operation === 'PutEvents') {
      const entry = fields.get('Entries');
      const bus = entry ? this.member(entry, '*', frame, pos).props?.get('EventBusName') ?? (entry.items?.[0]?.props?.get('EventBusName')) : undefined;
      if (bus) resources.push({ param: 'EventBusName', value: this.resourceValue(bus) });
    }
    // request-level injection: expression strings, whole request objects, SQL text
    if (service === 'dynamodb') {
      for (const f of DYNAMO_EXPRESSIONS) {
        const v = fields.get(f);
        if (v) this.sink('nosql-injection', `dynamodb:${operation} ${f}`, v, pos, frame, v.at);
      }
      if (input && input.taint && !input.props) this.sink('nosql-injection', `dynamodb:${operation} request`, input, pos, frame);
      // Legacy condition maps: attribute → { ComparisonOperator, AttributeValueList }. Values in the
      // list are data (bound like parameters); the map, a condition or its operator taken from the
      // event lets the caller choose the comparison (`NOT_NULL` on every item).
      for (const f of DYNAMO_CONDITION_MAPS) {
        const v = fields.get(f);
        if (!v) continue;
        if (v.taint && !v.props) {
          this.sink('nosql-injection', `dynamodb:${operation} ${f}`, v, pos, frame, v.at);
          continue;
        }
        for (const [attr, cond] of v.props ?? []) {
          const op = cond.props?.get('ComparisonOperator');
          const bad = cond.taint && !cond.props ? cond : op?.taint ? op : undefined;
          if (bad) this.sink('nosql-injection', `dynamodb:${operation} ${f}.${attr}`, bad, pos, frame, bad.at ?? v.at);
        }
      }
    }
    const sqlField = SDK_SQL_FIELDS[`${service}:${operation}`];
    if (sqlField) {
      const v = fields.get(sqlField);
      if (v) this.sink('sql-injection', `${service}:${operation} ${sqlField}`, v, pos, frame, v.at);
    }
    let payloadTaint: TaintPath | null = null;
    const payloadFields = SEND_OPERATIONS[`${service}:${operation}`];
    if (payloadFields) {
      for (const f of payloadFields) {
        const v = fields.get(f);
        const t = v ? eventTaint(v.taint ?? this.deepTaint(v, 2)) : undefined;
        if (t) {
          payloadTaint = { ...toPath(addStep(t, { location: v?.at ?? location, message: `sent as ${f} of ${service}:${operation}` })), field: f };
          break;
        }
      }
      if (!payloadTaint && input && eventTaint(input.taint)) payloadTaint = toPath(addStep(input.taint!, { location, message: `sent as the request of ${service}:${operation}` }));
    }
    const key = `${location.file}:${location.line}:${location.column}:${service}:${operation}`;
    const existing = this.calls.get(key);
    if (existing) {
      existing.reachable ||= this.reachable;
      existing.resourceTaint ??= resourceTaint;
      existing.payloadTaint ??= payloadTaint;
      return;
    }
    this.calls.set(key, { sdk, service, operation, actions, actionSource: mapping.source, resources, location, reachable: this.reachable, resourceTaint, payloadTaint });
  }

  /** The taint of a value or of its fields (event data first, else a caught exception). */
  protected override deepTaint(v: Val, depth: number): Taint | undefined {
    if (v.taint && !v.taint.exception) return v.taint;
    let found = v.taint;
    if (depth <= 0) return found;
    for (const x of [...(v.props?.values() ?? []), ...(v.items ?? [])]) {
      const t = this.deepTaint(x, depth - 1);
      if (t && !t.exception) return t;
      found ??= t;
    }
    return found;
  }

  /** A caught exception in a value or its fields. */
  protected override deepException(v: Val, depth: number): Taint | undefined {
    if (v.taint?.exception) return v.taint;
    if (depth <= 0) return undefined;
    for (const x of [...(v.props?.values() ?? []), ...(v.items ?? [])]) {
      const t = this.deepException(x, depth - 1);
      if (t) return t;
    }
    return undefined;
  }

  // ----- Google Cloud client libraries and the Azure SDK (cloud-sdk.ts) ------------------

  /** A constructor or factory of a cloud library, or an Azure credential. */
  protected cloudEntry(callee: Val, args: Val[], kw: Map<string, Val>): Val | null {
    const q = qname(callee);
    if (!q) return null;
    if (IDENTITY_CREDENTIALS.test(q)) return { lib: 'azure-identity-credential' };
    if (q.startsWith('@azure/') || q.startsWith('azure.')) if (KEY_CREDENTIALS.test(q)) return { lib: 'azure-key-credential' };
    const hit = CLOUD_ENTRIES.get(q);
    if (!hit) return null;
    const { entry } = hit;
    let key = entry.key === true;
    if (!key && entry.cred) {
      const cred = argOf(entry.cred, args, kw);
      // no credential: a connection string, a SAS URL or an anonymous client; a string or key credential: a key;
      // an Entra ID credential or anything not known: the function's identity (so its use is never missed)
      key = !cred || cred.lib === 'azure-key-credential' || (cred.lib !== 'azure-identity-credential' && (typeof cred.str === 'string' || cred.env !== undefined || cred.pat !== undefined));
      if (cred && entry.cred.some((c) => c.endsWith('.key')) && argOf(entry.cred.filter((c) => c.endsWith('.key')), args, kw)) key = true;
    }
    const res = entry.name ? argOf(entry.name, args, kw) : undefined;
    return { sdk: { t: 'cloud', lib: hit.lib, type: entry.to, key, ...(res ? { res } : {}) } };
  }

  /** A method of a cloud library object: a narrower object, an operation, or both. */
  protected cloudMethod(s: Extract<SdkObj, { t: 'cloud' }>, method: string, args: Val[], kw: Map<string, Val>, frame: Frame, pos: Pos): Val {
    const lib = CLOUD_LIBRARIES[s.lib]!;
    const step = Object.prototype.hasOwnProperty.call(lib.types[s.type] ?? {}, method) ? lib.types[s.type]![method]! : undefined;
    if (!step) {
      if (!NOT_CALLS.has(method)) this.recordCloud(lib, s, null, method, s.res, frame, pos);
      return {};
    }
    if (step.returns) return (step.returns.length ? argOf(step.returns, args, kw) : undefined) ?? {};
    const named = step.name ? argOf(step.name, args, kw) : undefined;
    const res = named ?? s.res;
    if (step.op) this.recordCloud(lib, s, step.op, method, res, frame, pos);
    if (step.to) return { sdk: { t: 'cloud', lib: s.lib, type: step.to, key: s.key, ...(res ? { res } : {}) } };
    return {};
  }

  protected recordCloud(lib: CloudLibrary, s: Extract<SdkObj, { t: 'cloud' }>, opName: string | null, method: string, res: Val | undefined, frame: Frame, pos: Pos): void {
    const location = loc(frame.mod.ir.file, pos);
    const op = opName ? lib.ops[opName] : undefined;
    const native: NativeCall = {
      cloud: lib.cloud,
      permissions: s.key || !op ? [] : [...op.native],
      data: op?.data === true,
      auth: s.key ? 'key' : 'identity',
      ...(op ? {} : { unmapped: `${s.lib} ${s.type}.${method}` }),
      ...(s.lib === 'azure-service-bus' ? { kinds: ['queue', 'topic'] } : {}),
    };
    const resources: SdkResource[] = [];
    let resourceTaint: TaintPath | null = null;
    if (res) {
      const value = this.resourceValue(res);
      if (value.kind === 'literal') value.value = resourceName(value.value, lib.pathSegment);
      if (value.kind === 'pattern') {
        value.pattern = resourceName(value.pattern, lib.pathSegment);
        value.env = value.env.filter((n) => value.pattern.includes(`\${${n}}`));
      }
      resources.push({ param: lib.param, value });
      const t = eventTaint(res.taint);
      if (t) resourceTaint = toPath(addStep(t, { location: res.at ?? location, message: `names the ${lib.param === 'Bucket' ? 'bucket' : 'resource'} of ${s.lib} ${method}` }));
    } else if (lib.service === 'dynamodb' && lib.cloud === 'google') {
      // Firestore is authorised on the project's database, not per collection
      resources.push({ param: lib.param, value: { kind: 'literal', value: '*' } });
    }
    const operation = opName ?? method;
    const key = `${location.file}:${location.line}:${location.column}:${lib.service}:${s.lib}:${operation}`;
    const existing = this.calls.get(key);
    if (existing) {
      existing.reachable ||= this.reachable;
      existing.resourceTaint ??= resourceTaint;
      return;
    }
    const sdk: SdkFlavor = lib.cloud === 'google' ? 'google-cloud' : 'azure-sdk';
    this.calls.set(key, { sdk, service: lib.service, operation, actions: s.key || !op ? [] : [...op.actions], actionSource: op?.source ?? 'not mapped', resources, location, reachable: this.reachable, resourceTaint, payloadTaint: null, native });
  }

  protected resourceValue(v: Val): ResourceValue {
    const t = eventTaint(v.taint);
    if (t) return { kind: 'unknown', reason: `comes from the event (${t.label})`, tainted: true };
    if (v.env) return { kind: 'env', name: v.env };
    if (typeof v.str === 'string') return { kind: 'literal', value: v.str };
    if (v.pat && v.pat.envs.length) return { kind: 'pattern', pattern: v.pat.text, env: [...new Set(v.pat.envs)] };
    if (v.pat) return { kind: 'pattern', pattern: v.pat.text, env: [] };
    return { kind: 'unknown', reason: 'not a literal or an environment variable', tainted: false };
  }
}

/** The first of `specs` present: `0` a position, `name` a keyword, `0.name` / `request.name` a property of one. */
function argOf(specs: readonly string[], args: Val[], kw: Map<string, Val>): Val | undefined {
  for (const spec of specs) {
    const [head, prop] = spec.split('.', 2) as [string, string | undefined];
    const base = /^\d+$/.test(head) ? args[Number(head)] : kw.get(head);
    const v = prop ? base?.props?.get(prop) : base;
    if (v && v !== EMPTY) return v;
  }
  return undefined;
}
