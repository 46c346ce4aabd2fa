import type { HttpMethod, Operation } from "./operation";

export type RegisteredOperation = { path: string; method: HttpMethod; spec: Operation };

const globalForRegistry = globalThis as unknown as { switchboardOperations?: Map<string, RegisteredOperation> };

function operations(): Map<string, RegisteredOperation> {
  globalForRegistry.switchboardOperations ??= new Map();
  return globalForRegistry.switchboardOperations;
}

export function registerOperation(operation: RegisteredOperation) {
  operations().set(`${operation.method} ${operation.path}`, operation);
}

export function registeredOperations(): RegisteredOperation[] {
  return [...operations().values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
