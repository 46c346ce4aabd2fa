import "server-only";
import type { Environment } from "../db/generated/client";
import type { LocalEnvironmentConfig } from "../schemas/environments";

export function serializeEnvironment(environment: Environment, usage?: Record<string, number>) {
  const config = environment.config as LocalEnvironmentConfig;
  return {
    id: environment.id,
    companyId: environment.companyId,
    name: environment.name,
    description: environment.description,
    driver: environment.driver,
    status: environment.status,
    config: { allowedRoot: config.allowedRoot ?? null, pathPrefix: config.pathPrefix ?? null },
    envVars: environment.envVars as Record<string, string>,
    metadata: environment.metadata,
    isDefault: environment.isDefault,
    createdAt: environment.createdAt.toISOString(),
    updatedAt: environment.updatedAt.toISOString(),
    ...(usage ? { usage } : {}),
  };
}

/** How runs, workspaces and conflicts name an environment. */
export const environmentRef = (environment: Pick<Environment, "id" | "name" | "isDefault"> | null | undefined) =>
  environment ? { id: environment.id, name: environment.name, isDefault: environment.isDefault } : null;
