/** Hand-built AppModel pieces for the cost tests (no dependency on the model builder). */
import type { AppModel, EntryPoint, FunctionNode, ResourceNode, SourceLocation } from '../../../src/model/types.js';
import type { SurfaceAnalysis } from '../../../src/analyses/surface/types.js';

export function loc(line: number, file = 'template.yaml'): SourceLocation {
  return { file, line, column: 3 };
}

export function fn(id: string, props: Partial<FunctionNode> = {}): FunctionNode {
  return {
    id,
    logicalId: id,
    stack: 'template.yaml',
    name: id,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${id}`,
    runtime: 'nodejs20.x',
    handler: { handler: 'index.handler', codeUri: 'src/', inline: false },
    memoryMb: 128,
    timeoutSeconds: 3,
    architecture: 'x86_64',
    reservedConcurrency: null,
    provisionedConcurrency: null,
    roleId: null,
    roleArn: null,
    environment: {},
    layers: [],
    url: null,
    recursiveLoop: 'Terminate',
    permissions: [],
    location: loc(10),
    ...props,
  };
}

export function api(id: string, kind: 'rest-api' | 'http-api' | 'websocket-api', attributes: ResourceNode['attributes'] = {}): ResourceNode {
  const type = kind === 'rest-api' ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api';
  return { id, logicalId: id, stack: 'template.yaml', type, kind, name: id, arn: `arn:aws:execute-api:us-east-1:123456789012:${id}`, policy: null, attributes, location: loc(40) };
}

export function resource(id: string, kind: ResourceNode['kind'], attributes: ResourceNode['attributes'] = {}): ResourceNode {
  return { id, logicalId: id, stack: 'template.yaml', type: `AWS::Test::${kind}`, kind, name: id, arn: `arn:test:${id}`, policy: null, attributes, location: loc(60) };
}

export function entry(id: string, props: Partial<EntryPoint> & Pick<EntryPoint, 'kind' | 'targets'>): EntryPoint {
  return {
    id,
    source: null,
    label: id,
    principal: { kind: 'public' },
    auth: { kind: 'none' },
    location: loc(20),
    ...props,
  };
}

export function model(parts: Partial<AppModel>): AppModel {
  return { inputs: [{ file: 'template.yaml', format: 'sam' }], functions: [], roles: [], resources: [], entryPoints: [], edges: [], diagnostics: [], ...parts };
}

export function surface(parts: Partial<SurfaceAnalysis> = {}): SurfaceAnalysis {
  return { reaches: [], byFunction: {}, loops: [], blastRadius: {}, ...parts };
}
