import type { Company } from "../db/generated/client";

export function serializeCompany(company: Company) {
  return {
    id: company.id,
    name: company.name,
    description: company.description,
    status: company.status,
    pauseReason: null,
    pausedAt: null,
    issuePrefix: company.issuePrefix,
    issueCounter: company.issueCounter,
    budgetMonthlyCents: company.budgetMonthlyCents,
    spentMonthlyCents: company.spentMonthlyCents,
    requireBoardApprovalForNewAgents: company.requireBoardApprovalForNewAgents,
    defaultResponsibleUserId: company.defaultResponsibleUserId,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
  };
}
