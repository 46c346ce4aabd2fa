import { defineRoutes, operation } from "@/lib/api/route";
import { getExperimentalSettings, updateExperimentalSettings } from "@/lib/instance/settings";
import { experimentalSettingsBody } from "@/lib/schemas/workspaces";

export const { GET, PATCH } = defineRoutes("/api/instance/settings/experimental", {
  GET: operation({
    summary: "Experimental instance switches",
    description: "{enableIsolatedWorkspaces}: shows or hides all workspace UI.",
    tags: ["instance"],
    auth: "board",
    handler: ({ actor }) => getExperimentalSettings(actor),
  }),
  PATCH: operation({
    summary: "Update experimental instance switches",
    description: "Instance admins only.",
    tags: ["instance"],
    auth: "board",
    body: experimentalSettingsBody,
    errors: ["instance_admin_required"],
    handler: ({ actor, body }) => updateExperimentalSettings(actor, body),
  }),
});
