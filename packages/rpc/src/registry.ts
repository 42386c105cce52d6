import { type MethodDefinition, normalizeVersion, type ServiceId, serviceKey } from "./invocation.js";

/**
 * Services a server exposes, keyed like Dubbo's provider service key, with methods
 * overloaded by parameter types. Protocol-neutral: each server maps its wire identity
 * onto (ServiceId, method, parameter types) and asks here.
 */
export class ServiceRegistry {
  private readonly services = new Map<string, { id: ServiceId; methods: Map<string, MethodDefinition[]> }>();

  add(service: ServiceId, methods: readonly MethodDefinition[]): void {
    const key = serviceKey(service);
    if (this.services.has(key)) throw new Error(`service ${key} is already registered`);
    const byName = new Map<string, MethodDefinition[]>();
    for (const m of methods) {
      const list = byName.get(m.name) ?? [];
      if (list.some((o) => sameTypes(o.parameterTypes, m.parameterTypes))) {
        throw new Error(`${key}.${m.name}(${m.parameterTypes.join(", ")}) is defined twice`);
      }
      list.push(m);
      byName.set(m.name, list);
    }
    this.services.set(key, { id: { ...service, version: normalizeVersion(service.version) }, methods: byName });
  }

  hasService(service: ServiceId): boolean {
    return this.services.has(serviceKey(service));
  }

  /** A service's methods by name (each with its overloads), or undefined when it is not registered. */
  methodsOf(service: ServiceId): ReadonlyMap<string, readonly MethodDefinition[]> | undefined {
    return this.services.get(serviceKey(service))?.methods;
  }

  /** The overload of `method` with exactly these parameter types (source names). */
  find(service: ServiceId, method: string, parameterTypes: readonly string[]): MethodDefinition | undefined {
    const s = this.services.get(serviceKey(service));
    return s?.methods.get(method)?.find((m) => sameTypes(m.parameterTypes, parameterTypes));
  }

  /** Every overload of `method` (generic calls may name types loosely). */
  overloads(service: ServiceId, method: string): readonly MethodDefinition[] {
    return this.services.get(serviceKey(service))?.methods.get(method) ?? [];
  }

  get size(): number {
    return this.services.size;
  }
}

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
