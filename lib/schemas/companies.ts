import { z } from "zod";
import { ISSUE_PREFIX_PATTERN, ISSUE_PREFIX_RULE } from "../companies/issue-prefix";
import { cents, nonEmptyText } from "./common";

const issuePrefix = z.string().regex(ISSUE_PREFIX_PATTERN, { error: ISSUE_PREFIX_RULE }).describe("Prefix of issue identifiers, e.g. ENG in ENG-12");

export const createCompanyBody = z.strictObject({
  name: nonEmptyText.max(200).describe("Company name"),
  description: z.string().max(10_000).nullable().optional(),
  budgetMonthlyCents: cents.optional(),
  defaultResponsibleUserId: z.uuid().nullable().optional(),
  issuePrefix: issuePrefix.optional(),
});

export const updateCompanyBody = z.strictObject({
  name: nonEmptyText.max(200).optional(),
  description: z.string().max(10_000).nullable().optional(),
  budgetMonthlyCents: cents.optional(),
  defaultResponsibleUserId: z.uuid().nullable().optional(),
  status: z.enum(["active", "paused", "archived"]).optional(),
  spentMonthlyCents: cents.optional(),
  requireBoardApprovalForNewAgents: z.boolean().optional(),
  issuePrefix: issuePrefix.optional(),
});

export const listCompaniesQuery = z.strictObject({
  scope: z.enum(["accessible"]).optional().describe("Limit an instance admin's list to companies they are a member of"),
});

export type CreateCompanyInput = z.output<typeof createCompanyBody>;
export type UpdateCompanyInput = z.output<typeof updateCompanyBody>;
