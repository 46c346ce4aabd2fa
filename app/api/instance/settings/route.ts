import { defineRoutes, operation } from "@/lib/api/route";
import { getInstanceSettings, updateInstanceSettings } from "@/lib/instance/settings";
import { instanceSettingsBody } from "@/lib/schemas/workspaces";

export const { GET, PATCH } = defineRoutes("/api/instance/settings", {
  GET: operation({
    summary: "Instance settings",
    description: "{experimental: {enableIsolatedWorkspaces}, general: {}} — any board user may read them.",
    tags: ["instance"],
    auth: "board",
    handler: ({ actor }) => getInstanceSettings(actor),
  }),
  PATCH: operation({
    summary: "Update instance settings",
    description: "Instance admins only.",
    tags: ["instance"],
    auth: "board",
    body: instanceSettingsBody,
    errors: ["instance_admin_required"],
    handler: ({ actor, body }) => updateInstanceSettings(actor, body),
  }),
});
