/**
 * Function events → the CloudFormation `serverless package` generates for them: APIs, methods,
 * routes, permissions, event source mappings, rules, subscriptions, notifications. Each generated
 * resource is mounted on the event entry the user wrote.
 *
 * This file reads each event and hands it to its family in `events/` (REST, HTTP and WebSocket
 * APIs, S3, queues and streams, SNS, rules and schedules, the others); `events/shared.ts` holds
 * what they share.
 */
import type { DocPath, JsonObject, JsonValue } from '../../model/types.js';
import { asArray, asObject, Compilation, isObject, type FunctionInfo } from './context.js';
import type { RestState, HttpState, WsState, EventContext } from './events/shared.js';
import { compileHttp, finishRest } from './events/rest.js';
import { compileHttpApi, finishHttp } from './events/http-api.js';
import { compileWebsocket, finishWebsocket } from './events/websocket.js';
import { compileS3 } from './events/s3.js';
import { compileSqs, compileStream, compileKafka, compileMsk, compileMq } from './events/pollers.js';
import { compileSns } from './events/sns.js';
import { compileSchedule, compileEventBridge, compileCloudWatchEvent, compileCloudWatchLog } from './events/rules.js';
import { compileCognito, compileIot, compileIotFleet, compileAlexa, compileAlb, compileCloudFront } from './events/others.js';

export { isMarker, nameFromArn } from './events/shared.js';

export class EventCompiler implements EventContext {
  rest: RestState | null = null;
  http: HttpState | null = null;
  ws: WsState | null = null;
  readonly buckets = new Map<string, { id: string; resource: JsonObject }>();
  readonly topics = new Map<string, string>();
  readonly pools = new Map<string, string>();
  readonly buses = new Set<string>();
  readonly existingS3 = new Map<string, string>();
  cloudFront: JsonObject | null = null;
  readonly scheduleIndex = new Map<string, number>();
  readonly existingPools = new Map<string, { id: string; configs: JsonValue[] }>();

  constructor(readonly c: Compilation) {}

  get provider(): JsonObject {
    return asObject(this.c.cfg['provider']) ?? {};
  }

  compileAll(): void {
    for (const fn of this.c.functions.values()) {
      const events = asArray(fn.config['events']);
      const counters = new Map<string, number>();
      events.forEach((raw, i) => {
        const src: DocPath = [...fn.src, 'events', i];
        let type: string;
        let value: JsonValue;
        if (typeof raw === 'string') {
          type = raw;
          value = null;
        } else if (isObject(raw) && Object.keys(raw).length >= 1) {
          type = Object.keys(raw)[0]!;
          value = raw[type] ?? null;
        } else {
          this.c.diag('warning', 'sls-event-invalid', `event ${i + 1} of function '${fn.key}' is not a mapping with one event type; ignored`, src);
          return;
        }
        const n = (counters.get(type) ?? 0) + 1;
        counters.set(type, n);
        try {
          this.compileEvent(fn, type, value, [...src, type], src, n);
        } catch (err) {
          this.c.diag('error', 'sls-event-internal', `event '${type}' of function '${fn.key}' could not be compiled (${(err as Error).message}); it is missing from the model`, src);
        }
      });
    }
    finishRest(this);
    finishHttp(this);
    finishWebsocket(this);
  }

  compileEvent(fn: FunctionInfo, type: string, value: JsonValue, vsrc: DocPath, esrc: DocPath, n: number): void {
    switch (type) {
      case 'http':
        return compileHttp(this, fn, value, vsrc, esrc);
      case 'httpApi':
        return compileHttpApi(this, fn, value, vsrc, esrc);
      case 'websocket':
        return compileWebsocket(this, fn, value, vsrc, esrc);
      case 's3':
        return compileS3(this, fn, value, vsrc, esrc);
      case 'sqs':
        return compileSqs(this, fn, value, vsrc, esrc);
      case 'sns':
        return compileSns(this, fn, value, vsrc, esrc);
      case 'stream':
        return compileStream(this, fn, value, vsrc, esrc);
      case 'schedule':
        return compileSchedule(this, fn, value, vsrc, esrc, n);
      case 'eventBridge':
        return compileEventBridge(this, fn, value, vsrc, esrc, n);
      case 'cloudwatchEvent':
        return compileCloudWatchEvent(this, fn, value, vsrc, esrc, n);
      case 'cloudwatchLog':
        return compileCloudWatchLog(this, fn, value, vsrc, esrc, n);
      case 'cognitoUserPool':
        return compileCognito(this, fn, value, vsrc, esrc);
      case 'iot':
        return compileIot(this, fn, value, vsrc, esrc, n);
      case 'iotFleetProvisioning':
        return compileIotFleet(this, fn, value, esrc);
      case 'alexaSkill':
        return compileAlexa(this, fn, value, vsrc, esrc, n, 'skill');
      case 'alexaSmartHome':
        return compileAlexa(this, fn, value, vsrc, esrc, n, 'smartHome');
      case 'alb':
        return compileAlb(this, fn, value, vsrc, esrc);
      case 'kafka':
        return compileKafka(this, fn, value, vsrc, esrc);
      case 'msk':
        return compileMsk(this, fn, value, vsrc, esrc);
      case 'activemq':
        return compileMq(this, fn, value, vsrc, esrc, 'ActiveMQ');
      case 'rabbitmq':
        return compileMq(this, fn, value, vsrc, esrc, 'RabbitMQ');
      case 'cloudFront':
        return compileCloudFront(this, fn, value, vsrc, esrc);
      default:
        this.c.diag('warning', 'sls-event-unknown', `event type '${type}' of function '${fn.key}' is not known (a plugin's?); it is not in the model`, esrc);
    }
  }
}
