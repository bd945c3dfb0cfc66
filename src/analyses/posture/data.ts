/**
 * Who puts data into a resource and who reads it, for the data-family posture rules: the functions
 * whose role or code writes (or reads) it (`analyses/surface/access.ts`) and the most exposed
 * caller of those functions. A gap in a resource matters as much as who can fill it or read it.
 */
import type { AppModel } from '../../model/types.js';
import { REACH_WORDS, type Reach } from '../../model/findings.js';
import type { AccessEdge } from '../surface/access.js';
import { isWriteLevel } from '../surface/access.js';
import type { SurfaceAnalysis } from '../surface/types.js';
import { reachOfFunctions } from '../surface/exposure.js';

export type DataMode = 'write' | 'read';

export interface DataReach {
  reach: Reach;
  /** Functions that write (or read) the resource, sorted. */
  functions: string[];
  /** "anyone on the internet reaches Api through GET /items, which writes to it" / "no function of the app writes to it". */
  words: string;
}

/** Index of the functions that write and read each resource. */
export class DataHolders {
  private readonly by = new Map<string, { write: Set<string>; read: Set<string> }>();
  constructor(
    private readonly model: AppModel,
    private readonly surface: SurfaceAnalysis | undefined,
    access: readonly AccessEdge[],
  ) {
    for (const e of access) {
      let h = this.by.get(e.target);
      if (!h) this.by.set(e.target, (h = { write: new Set(), read: new Set() }));
      if (e.levels.some(isWriteLevel)) h.write.add(e.functionId);
      if (e.levels.includes('Read')) h.read.add(e.functionId);
    }
  }

  /** Who can put data into (or read data from) `resourceId` through the functions of the app. */
  reachOf(resourceId: string, mode: DataMode): DataReach {
    const functions = [...(this.by.get(resourceId)?.[mode] ?? [])].sort();
    // A key's Encrypt, Decrypt and GenerateDataKey are writes in IAM's classification: a function uses the key.
    const key = this.model.resources.find((n) => n.id === resourceId)?.kind === 'kms-key';
    const verb = mode === 'read' ? 'reads' : key ? 'encrypts or decrypts with' : 'writes to';
    if (functions.length === 0) return { reach: 'none', functions, words: `no function of the app ${verb} it` };
    const reach = reachOfFunctions(this.surface, functions);
    if (reach === 'none') return { reach, functions, words: `${functions.join(', ')} ${verb} it, and no entry point reaches ${functions.length > 1 ? 'them' : 'it'}` };
    const fn = functions.find((f) => this.surface?.byFunction[f]?.weakestPrincipal === reach) ?? functions[0]!;
    const ep = this.model.entryPoints.find((e) => e.id === this.surface?.byFunction[fn]?.weakestEntryPoint);
    const plural = reach === 'authenticated-users' || reach === 'cross-account' || reach === 'same-account';
    return { reach, functions, words: `${REACH_WORDS[reach]} reach${plural ? '' : 'es'} ${fn}${ep ? ` through ${ep.label}` : ''}, which ${verb} it` };
  }
}
