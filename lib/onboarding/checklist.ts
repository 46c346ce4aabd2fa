import "server-only";
import type { Actor } from "../auth/actor";
import { hasCompanyAccess, requireBoard, requireCompanyAccess } from "../auth/permissions";
import { sqlRows } from "../db/sql";
import { Conflict } from "../errors";
import {
  isOptionalOnboardingStep,
  ONBOARDING_STEP_KEYS,
  type OnboardingStepKey,
  type OptionalOnboardingStep,
  type UpdateOnboardingInput,
} from "../schemas/onboarding";

/** Written for someone who has never seen the board: what the step is and why it matters. */
const STEP_TEXT: Record<OnboardingStepKey, { title: string; description: string }> = {
  company: {
    title: "Create your company",
    description: "Your company holds your agents, projects and issues; its prefix numbers the issues (SB-1, SB-2, …).",
  },
  agent: {
    title: "Add your first agent — Claude Code, Codex, or the built-in demo agent",
    description: "An agent picks up the issues you assign to it and works on them on this machine. The demo agent needs nothing installed.",
  },
  project: {
    title: "Point a project at a folder on this machine",
    description: "A project with a local checkout (your git repository, say) gives the agents working on its issues that folder to work in.",
  },
  issue: {
    title: "Give your agent its first issue",
    description: "Describe a small task and assign it to the agent; assigning it wakes the agent.",
  },
  run: {
    title: "Watch your agent's first run",
    description: "The agent wakes, reads the issue and works on it; the issue's page shows the run live. The step is done once a run succeeds.",
  },
  done: {
    title: "See an issue through to done",
    description: "Answer the agent's questions or confirm its plan when it asks (they show up in Needs me) until the issue is done.",
  },
};

/** What a member chose about the checklist, as kept on their membership (`company_memberships.onboarding`). */
export type OnboardingChoices = { dismissedAt: string | null; skippedSteps: OptionalOnboardingStep[] };

/** Reads the stored JSON leniently: anything that is not a choice we know is as good as not chosen. */
function onboardingChoices(stored: unknown): OnboardingChoices {
  const value = (stored && typeof stored === "object" ? stored : {}) as { dismissedAt?: unknown; skippedSteps?: unknown };
  const skipped = Array.isArray(value.skippedSteps)
    ? value.skippedSteps.filter((key): key is OptionalOnboardingStep => isOptionalOnboardingStep(String(key)))
    : [];
  return { dismissedAt: typeof value.dismissedAt === "string" ? value.dismissedAt : null, skippedSteps: [...new Set(skipped)] };
}

/** Which steps the company's data shows done, and the issue a newcomer should look at for the run and done steps. */
export type OnboardingProgress = Record<Exclude<OnboardingStepKey, "company">, boolean> & { newestAgentIssue: string | null };

export type OnboardingStep = {
  key: OnboardingStepKey;
  title: string;
  description: string;
  done: boolean;
  optional: boolean;
  skipped: boolean;
  href: string | null;
};

export type OnboardingChecklist = {
  companyId: string;
  steps: OnboardingStep[];
  complete: boolean;
  dismissedAt: string | null;
  /** Whether this user may save choices (dismiss, skip): a member who may act in the company. */
  canDismiss: boolean;
};

/** What the company and the reader bring beyond the steps' data: an earlier completion, and whether they keep choices. */
export type OnboardingContext = { completedBefore: boolean; canDismiss: boolean };

/** Where a step is done: the run and the finish on the issue's page (none before there is one), the rest in the /welcome wizard. */
function stepHref(key: OnboardingStepKey, newestAgentIssue: string | null): string | null {
  if (key !== "run" && key !== "done") return `/welcome?step=${key}`;
  return newestAgentIssue ? `/issues/${encodeURIComponent(newestAgentIssue)}` : null;
}

/**
 * The checklist from the company's progress and one member's choices. A step is done, skipped (optional, chosen, and
 * not done) or still to do; only steps still to do or skipped link somewhere, since a done step needs nothing more.
 * It is complete once every required step is done (an optional step never holds it up), or once it was complete
 * before: completion is kept, so steps turning back later (the agent terminated) do not bring the card back.
 */
function buildChecklist(companyId: string, progress: OnboardingProgress, choices: OnboardingChoices, context: OnboardingContext): OnboardingChecklist {
  const steps = ONBOARDING_STEP_KEYS.map((key): OnboardingStep => {
    const done = key === "company" || progress[key];
    const optional = isOptionalOnboardingStep(key);
    const skipped = optional && !done && choices.skippedSteps.includes(key);
    return { key, ...STEP_TEXT[key], done, optional, skipped, href: done ? null : stepHref(key, progress.newestAgentIssue) };
  });
  const requiredDone = steps.every((step) => step.done || step.optional);
  return { companyId, steps, complete: context.completedBefore || requiredDone, dismissedAt: choices.dismissedAt, canDismiss: context.canDismiss };
}

type ProgressRow = {
  agent: boolean;
  project: boolean;
  issue: boolean;
  run: boolean;
  done: boolean;
  newest_agent_issue: string | null;
  completed_at: Date | null;
  /** The member's stored choices (never null for a member: the column defaults to {}); null without a membership. */
  choices: unknown;
};

// One round trip of cheap probes, each stopping at its first row: runs and finished issues are reached through the
// company's agents, whose (agent, status) indexes answer them without scanning the company's history.
const PROGRESS = `
  SELECT EXISTS (SELECT 1 FROM agents WHERE company_id = $1::uuid AND status <> 'terminated') AS agent,
         EXISTS (SELECT 1 FROM project_workspaces w JOIN projects p ON p.id = w.project_id
                  WHERE w.company_id = $1::uuid AND p.archived_at IS NULL AND btrim(w.cwd) <> '') AS project,
         EXISTS (SELECT 1 FROM issues WHERE company_id = $1::uuid AND assignee_agent_id IS NOT NULL) AS issue,
         EXISTS (SELECT 1 FROM agents a JOIN heartbeat_runs r ON r.agent_id = a.id AND r.status = 'succeeded'
                  WHERE a.company_id = $1::uuid) AS run,
         EXISTS (SELECT 1 FROM agents a JOIN issues i ON i.company_id = a.company_id AND i.assignee_agent_id = a.id AND i.status = 'done'
                  WHERE a.company_id = $1::uuid) AS done,
         (SELECT identifier FROM issues WHERE company_id = $1::uuid AND assignee_agent_id IS NOT NULL
           ORDER BY created_at DESC, id DESC LIMIT 1) AS newest_agent_issue,
         (SELECT onboarding_completed_at FROM companies WHERE id = $1::uuid) AS completed_at,
         (SELECT onboarding FROM company_memberships WHERE company_id = $1::uuid AND user_id = $2::uuid) AS choices`;

// Only the first read to find the checklist complete records it; a concurrent one updates nothing and answers the same.
const LATCH_COMPLETION = `UPDATE companies SET onboarding_completed_at = now() WHERE id = $1::uuid AND onboarding_completed_at IS NULL`;

/**
 * The first-run checklist of a company as one board user sees it: each step derived from the company's data on every
 * read (never bookkept, so it cannot drift), choices from the user's membership. Completion alone is recorded, once,
 * on the company, by the first read that finds it. An instance admin who is not a member sees it undismissed with
 * nothing skipped, and may not dismiss it (`canDismiss: false`): there is no membership to keep the choice on.
 */
export async function getOnboarding(actor: Actor, companyId: string): Promise<OnboardingChecklist> {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "read");
  const [row] = await sqlRows<ProgressRow>(PROGRESS, [companyId, actor.userId]);
  const progress = { agent: row.agent, project: row.project, issue: row.issue, run: row.run, done: row.done, newestAgentIssue: row.newest_agent_issue };
  const canDismiss = row.choices !== null && hasCompanyAccess(actor, companyId, "act");
  const checklist = buildChecklist(companyId, progress, onboardingChoices(row.choices), { completedBefore: row.completed_at !== null, canDismiss });
  if (checklist.complete && row.completed_at === null) await sqlRows(LATCH_COMPLETION, [companyId]);
  return checklist;
}

// One statement, so two tabs saving at once each change only their own field. `dismissed: true` keeps the first
// dismissal's time; null fields are stripped, which is how `dismissed: false` forgets it.
const UPDATE_CHOICES = `
  UPDATE company_memberships
     SET onboarding = jsonb_strip_nulls(
           onboarding
           || CASE WHEN $3::boolean IS NULL THEN '{}'::jsonb
                   ELSE jsonb_build_object('dismissedAt', CASE WHEN $3::boolean THEN COALESCE(onboarding -> 'dismissedAt',
                          to_jsonb(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) END) END
           || CASE WHEN $4::jsonb IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('skippedSteps', $4::jsonb) END)
   WHERE company_id = $1::uuid AND user_id = $2::uuid
  RETURNING id`;

/**
 * Saves the caller's own choices (dismissing the checklist, skipping optional steps) on their membership. A personal
 * preference, like a saved view: no activity entry and no live event. Without a membership there is nowhere to keep
 * them (409 `membership_required`), rather than a row invented for an instance admin who never joined.
 */
export async function updateOnboarding(actor: Actor, companyId: string, input: UpdateOnboardingInput): Promise<OnboardingChecklist> {
  requireBoard(actor);
  requireCompanyAccess(actor, companyId, "act");
  const skippedSteps = input.skippedSteps === undefined ? null : JSON.stringify([...new Set(input.skippedSteps)]);
  const updated = await sqlRows<{ id: string }>(UPDATE_CHOICES, [companyId, actor.userId, input.dismissed ?? null, skippedSteps]);
  if (!updated.length) {
    throw new Conflict("You are not a member of this company, so there is no membership to keep your checklist choices on", "membership_required");
  }
  return getOnboarding(actor, companyId);
}
