import { z } from "zod";
import { SKILL_KEY_PATTERN } from "../skills/rules";
import { uuid } from "./common";

// Skills (SKILL.md folders) and agents' instructions. Sizes are bounded here so a bad body fails before any write.

export const MAX_SKILL_MARKDOWN_CHARS = 256 * 1024;
export const MAX_INSTRUCTION_FILE_CHARS = 256 * 1024;
export const MAX_INSTRUCTION_FILES = 20;

const skillKey = z
  .string()
  .regex(SKILL_KEY_PATTERN, { error: "Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64" })
  .describe("The skill's key: the folder name agents see");

export const skillNameParams = z.strictObject({ name: z.string().max(128).describe("A bundled skill's name, such as switchboard") });
export const companySkillParams = z.strictObject({ companyId: uuid.describe("Company id"), skillId: uuid.describe("Company skill id") });

const supportingFiles = z
  .record(z.string().max(512), z.string().max(MAX_SKILL_MARKDOWN_CHARS))
  .describe("Supporting files by path relative to the skill folder (references/api.md, …); not SKILL.md, no '..', no path that is also another's folder");

export const createCompanySkillBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional().describe("Display name; defaults to the front matter's name"),
  slug: skillKey.nullable().optional().describe("Paperclip's name for the key"),
  key: skillKey.optional(),
  description: z.string().max(2_000).nullable().optional(),
  markdown: z
    .string()
    .max(MAX_SKILL_MARKDOWN_CHARS)
    .nullable()
    .optional()
    .describe("The SKILL.md text; a stub is written from name and description when absent"),
  files: supportingFiles.optional(),
});

export const updateCompanySkillBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2_000).nullable().optional(),
  markdown: z.string().max(MAX_SKILL_MARKDOWN_CHARS).optional().describe("The new SKILL.md text"),
  files: supportingFiles.optional().describe("Replaces every supporting file"),
});

export const importCompanySkillsBody = z.strictObject({
  source: z
    .string()
    .trim()
    .min(1)
    .max(2_048)
    .describe("An absolute folder path the server can read, or a git URL it can clone (https://, ssh://, git@host:…, file://)"),
});

export const scanProjectSkillsBody = z.strictObject({
  projectIds: z.array(uuid).max(100).optional().describe("Only these projects' workspaces (default: every project)"),
  workspaceIds: z.array(uuid).max(100).optional().describe("Only these project workspaces"),
});

export const syncAgentSkillsBody = z.strictObject({
  desiredSkills: z
    .array(z.string().trim().min(1).max(128))
    .max(100)
    .describe("The agent's whole set of chosen skills, by key or id; replaces the previous set. Bundled skill names are accepted and always delivered"),
});

export const instructionsPathBody = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1)
    .max(1_024)
    .nullable()
    .describe("A file relative to the run's working folder (no absolute paths, no ..); null clears it and the stored files apply again"),
  adapterConfigKey: z.string().max(120).optional().describe("Paperclip's adapter setting name; accepted and answered, the path is stored on the agent"),
});

const instructionFile = z.strictObject({
  path: z.string().trim().min(1).max(512).describe("Relative .md path such as AGENTS.md or notes/style.md"),
  content: z.string().max(MAX_INSTRUCTION_FILE_CHARS),
});

export const updateInstructionsBundleBody = z.strictObject({
  mode: z.enum(["managed", "external"]).optional().describe("Only managed bundles are stored here; point at a file of your own with instructions-path"),
  rootPath: z.string().max(1_024).nullable().optional().describe("External bundles only; null for a managed bundle"),
  entryFile: z.string().max(512).optional().describe("Always AGENTS.md"),
  clearLegacyPromptTemplate: z.boolean().optional(),
  files: z.array(instructionFile).max(MAX_INSTRUCTION_FILES).optional().describe("Files to create or replace, by path"),
  deleteFiles: z.array(z.string().max(512)).max(MAX_INSTRUCTION_FILES).optional().describe("Paths of files to remove"),
});

export type CreateCompanySkillInput = z.output<typeof createCompanySkillBody>;
export type UpdateCompanySkillInput = z.output<typeof updateCompanySkillBody>;
export type ScanProjectSkillsInput = z.output<typeof scanProjectSkillsBody>;
export type InstructionsPathInput = z.output<typeof instructionsPathBody>;
export type UpdateInstructionsBundleInput = z.output<typeof updateInstructionsBundleBody>;
