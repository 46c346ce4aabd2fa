// Response shapes come straight from the server's serializers (type-only imports, erased from the client bundle),
// so the board can never drift from what the API actually returns.
import type { z } from "zod";
import type { serializeBoardKey } from "@/lib/access/board-keys";
import type { serializeAgent, serializeAgentKey, serializeAgentWithChain, serializeCreatedAgentKey } from "@/lib/agents/serialize";
import type { serializeCompany } from "@/lib/companies/serialize";
import type { serializeGoal } from "@/lib/goals/serialize";
import type { serializeProject } from "@/lib/projects/serialize";
import type { createBoardKeyBody } from "@/lib/schemas/access";
import type { createAgentBody, createAgentKeyBody, updateAgentBody } from "@/lib/schemas/agents";
import type { createCompanyBody, updateCompanyBody } from "@/lib/schemas/companies";
import type { createGoalBody, updateGoalBody } from "@/lib/schemas/goals";
import type { createProjectBody, updateProjectBody } from "@/lib/schemas/projects";
import type { addMemberBody, companyRole, createUserBody, firstAdminBody, updateUserBody } from "@/lib/schemas/users";
import type { describeCaller } from "@/lib/users/me";
import type { serializeMember, serializeUser } from "@/lib/users/serialize";

export type Company = ReturnType<typeof serializeCompany>;
export type Agent = ReturnType<typeof serializeAgent>;
export type AgentDetail = ReturnType<typeof serializeAgentWithChain>;
export type AgentApiKey = ReturnType<typeof serializeAgentKey>;
export type CreatedAgentKey = ReturnType<typeof serializeCreatedAgentKey>;
export type Project = ReturnType<typeof serializeProject>;
export type Goal = ReturnType<typeof serializeGoal>;
export type Member = ReturnType<typeof serializeMember>;
export type BoardUser = ReturnType<typeof serializeUser>;
export type BoardApiKey = ReturnType<typeof serializeBoardKey>;
export type CreatedBoardKey = BoardApiKey & { token: string };
export type Me = Extract<Awaited<ReturnType<typeof describeCaller>>, { type: "board" }>;
export type CompanyRole = z.output<typeof companyRole>;

export type CreateCompanyBody = z.input<typeof createCompanyBody>;
export type UpdateCompanyBody = z.input<typeof updateCompanyBody>;
export type CreateAgentBody = z.input<typeof createAgentBody>;
export type UpdateAgentBody = z.input<typeof updateAgentBody>;
export type CreateAgentKeyBody = z.input<typeof createAgentKeyBody>;
export type CreateProjectBody = z.input<typeof createProjectBody>;
export type UpdateProjectBody = z.input<typeof updateProjectBody>;
export type CreateGoalBody = z.input<typeof createGoalBody>;
export type UpdateGoalBody = z.input<typeof updateGoalBody>;
export type AddMemberBody = z.input<typeof addMemberBody>;
export type CreateUserBody = z.input<typeof createUserBody>;
export type UpdateUserBody = z.input<typeof updateUserBody>;
export type FirstAdminBody = z.input<typeof firstAdminBody>;
export type CreateBoardKeyBody = z.input<typeof createBoardKeyBody>;
export type Ok = { ok: true };
