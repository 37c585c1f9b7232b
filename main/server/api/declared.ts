// A plain listing of every procedure, recorded as the routers are declared: its dotted path, type,
// input and output schemas and meta. The transports derive from it (the REST table, OpenAPI, the
// IPC router) instead of reading tRPC's private `_def`. trpc.ts wraps the builders with `recording`
// and the router factories with `listed`; a procedure built any other way is refused here. The
// output schema is kept here and checked in the resolver (checked-output.ts), not by tRPC.
import type * as z from 'zod';
import { checkedResolver, type Resolver } from './checked-output.ts';
import type { ProcedureMeta } from './meta.ts';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

export interface DeclaredProcedure {
  /** Dotted, as the caller and /trpc name it: `account.me`. */
  path: string;
  type: ProcedureType;
  /** Every `.input()` in order (tRPC merges them); empty when the procedure takes no input. */
  inputs: readonly z.ZodType[];
  output: z.ZodType | undefined;
  meta: ProcedureMeta;
}

type Declaration = Omit<DeclaredProcedure, 'path' | 'type'>;

const procedures = new WeakMap<object, Omit<DeclaredProcedure, 'path'>>();
const routers = new WeakMap<object, readonly DeclaredProcedure[]>();
const TERMINALS = new Set<PropertyKey>(['query', 'mutation', 'subscription']);

/** The same builder, remembering what each call declares; the procedure it ends in is recorded. */
export function recording<B extends object>(
  builder: B,
  declared: Declaration = { inputs: [], output: undefined, meta: {} },
): B {
  return new Proxy(builder, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const [arg] = args;
        // The output schema is recorded, not handed to tRPC: see checkedResolver.
        if (key === 'output') return recording(target, { ...declared, output: arg as z.ZodType });
        if (TERMINALS.has(key)) {
          const resolver = checkedResolver(key as ProcedureType, declared.output, arg as Resolver);
          const built = (value as (r: Resolver) => object).call(target, resolver);
          procedures.set(built, { ...declared, type: key as ProcedureType });
          return built;
        }
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        const next =
          key === 'input'
            ? { ...declared, inputs: [...declared.inputs, arg as z.ZodType] }
            : key === 'meta'
              ? { ...declared, meta: { ...declared.meta, ...(arg as ProcedureMeta) } }
              : declared;
        return recording(result as object, next);
      };
    },
  });
}

/** Records the listing of a router just built from `record` (procedures, routers, plain nesting). */
export function listed<R extends object>(built: R, record: object): R {
  routers.set(built, listRecord(record, ''));
  return built;
}

/** Every procedure of a router built by trpc.ts, in declaration order. */
export function declaredProcedures(router: object): readonly DeclaredProcedure[] {
  const listing = routers.get(router);
  if (!listing) throw new Error('not a router built by main/server/api/trpc.ts');
  return listing;
}

function listRecord(record: object, prefix: string): DeclaredProcedure[] {
  const listing: DeclaredProcedure[] = [];
  for (const [key, value] of Object.entries(record) as Array<[string, unknown]>) {
    const path = prefix + key;
    const procedure = typeof value === 'function' || typeof value === 'object' ? procedures.get(value!) : undefined;
    if (procedure) {
      listing.push({ path, ...procedure });
      continue;
    }
    const nested = typeof value === 'object' && value !== null ? routers.get(value) : undefined;
    if (nested) listing.push(...nested.map((entry) => ({ ...entry, path: `${path}.${entry.path}` })));
    else if (typeof value === 'object' && value !== null) listing.push(...listRecord(value, `${path}.`));
    else throw new Error(`${path}: declare procedures with the builders of main/server/api/trpc.ts`);
  }
  return listing;
}
