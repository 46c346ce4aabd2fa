"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useBoard } from "@/components/board/board-context";
import { setCompanyCookie } from "@/components/board/company-cookie";
import { ButtonLink } from "@/components/ui/button";
import type { Agent, Project } from "@/lib/queries/types";
import type { CompanySummary } from "@/lib/session";
import { AgentStep } from "./agent-step";
import { CompanyStep } from "./company-step";
import { IssueStep } from "./issue-step";
import { ProjectStep } from "./project-step";
import type { ProjectFromCheckout } from "./setup-queries";
import { StepIndicator } from "./step-indicator";
import { STEP_LABELS, WIZARD_STEPS, type WizardPosition, type WizardProgress, type WizardStep, parseStep } from "./steps";

const STEP_COPY: Record<WizardPosition, { title: string; description: string }> = {
  company: {
    title: "Name your company",
    description: "Agents, projects and issues live inside a company. Its issue prefix starts every issue's identifier.",
  },
  agent: {
    title: "Add your first agent",
    description: "An agent picks up the issues assigned to it, works on them and reports back. Switchboard runs it on this server.",
  },
  project: {
    title: "Point it at your code",
    description: "A project ties work to a folder on this server, and its agents run there. Optional: you can add one later.",
  },
  issue: {
    title: "Give it a first task",
    description: "Assigning an issue wakes its agent at once; its page then shows the run as it happens.",
  },
  finished: {
    title: "You're set up",
    description: "Your company has an agent and its first issue. Follow the work on the issue's page, or see what needs you.",
  },
};

/**
 * The guided first run. The step is in the URL (`?step=`, pushed without a server round trip, so Back and a reload
 * keep it); what this visit created (the agent, the project, a project still without its folder) is kept per company so
 * Back shows it rather than making another. Moving to a step focuses its heading and the status line announces "Step n of 4".
 */
export function FirstRunWizard({
  initialPosition,
  progress,
  progressCompanyId,
  finishedHref,
  canCreateCompany,
  canSetUp,
}: {
  initialPosition: WizardPosition;
  progress: WizardProgress;
  /** The company `progress` was read for: a company made here a moment ago has none of it yet. */
  progressCompanyId: string | null;
  finishedHref: string | null;
  canCreateCompany: boolean;
  /** Owner of the company `progress` was read for (instance admins act as owners): only owners set agents and folders up. */
  canSetUp: boolean;
}) {
  const router = useRouter();
  const [company, rememberCreated] = useWizardCompany();
  const searchParams = useSearchParams();
  const [agent, setAgent] = useState<Agent | null>(null);
  const [project, setProject] = useState<ProjectFromCheckout | null>(null);
  const [unfinishedProject, setUnfinishedProject] = useState<Project | null>(null);
  const [skippedProjectOf, setSkippedProjectOf] = useState<string | null>(null);

  const requested = parseStep(searchParams.get("step")) ?? initialPosition;
  const position: WizardPosition = company ? requested : "company";
  const createdAgent = agent && agent.companyId === company?.id ? agent : null;
  const createdProject = project && project.project.companyId === company?.id ? project : null;
  const known = company && company.id === progressCompanyId ? progress : null;
  const current: WizardProgress = {
    company: company ? "done" : "todo",
    agent: createdAgent ? "done" : (known?.agent ?? "todo"),
    project: createdProject ? "done" : company && skippedProjectOf === company.id ? "skipped" : (known?.project ?? "todo"),
    issue: known?.issue ?? "todo",
  };

  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownPosition = useRef(position);
  useEffect(() => {
    // The first paint leaves focus where the browser put it; every later move lands on the new step's heading.
    if (shownPosition.current === position) return;
    shownPosition.current = position;
    headingRef.current?.focus();
  }, [position]);

  function go(step: WizardStep) {
    window.history.pushState(null, "", `/welcome?step=${step}`);
  }

  const copy = STEP_COPY[position];
  const stepNumber = position === "finished" ? null : WIZARD_STEPS.indexOf(position) + 1;
  // The server knows the chosen company's rights; one created here a moment ago is the creator's own before it catches up.
  const ownsCompany = company !== null && (company.role === "owner" || (company.id === progressCompanyId && canSetUp));
  // Agents and folders become processes on this server, so those steps need an owner; operators may add the issue.
  const needsOwner = company && !ownsCompany && (position === "agent" || position === "project");

  return (
    <div className="mx-auto max-w-2xl">
      <div className="mb-6">
        <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Set up Switchboard</p>
        <StepIndicator position={position} progress={current} />
        <p role="status" className="sr-only">
          {stepNumber ? `Step ${stepNumber} of ${WIZARD_STEPS.length}: ${STEP_LABELS[position as WizardStep]}` : copy.title}
        </p>
      </div>
      <section
        aria-labelledby="first-run-heading"
        className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <h1
          id="first-run-heading"
          ref={headingRef}
          tabIndex={-1}
          className="text-lg font-semibold tracking-tight text-zinc-900 focus:outline-none dark:text-zinc-50"
        >
          {copy.title}
          {position === "project" ? <span className="ml-2 text-sm font-normal text-zinc-500 dark:text-zinc-400">(optional)</span> : null}
        </h1>
        <p className="mt-1 mb-5 text-sm text-zinc-500 dark:text-zinc-400">{copy.description}</p>
        {needsOwner ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            Agents and project folders become processes on this server, so only an owner of {company.name} sets them up. Ask one to, or look at what needs you
            meanwhile.
          </p>
        ) : position === "company" ? (
          <CompanyStep
            key={company?.id ?? "none"}
            company={company}
            canCreateCompany={canCreateCompany}
            onCreated={(created) => {
              rememberCreated(created);
              setCompanyCookie(created.id);
              go("agent");
              // The layout (company switcher, live stream) follows the cookie on its next render.
              router.refresh();
            }}
            onContinue={() => go("agent")}
          />
        ) : position === "agent" ? (
          <AgentStep
            companyId={company!.id}
            created={createdAgent}
            onCreated={(created) => {
              setAgent(created);
              go("project");
            }}
            onContinue={() => go("project")}
            onBack={() => go("company")}
          />
        ) : position === "project" ? (
          <ProjectStep
            companyId={company!.id}
            created={createdProject}
            unfinished={unfinishedProject && unfinishedProject.companyId === company?.id ? unfinishedProject : null}
            onUnfinished={setUnfinishedProject}
            onCreated={(created) => {
              setProject(created);
              setUnfinishedProject(null);
              go("issue");
            }}
            onSkipped={() => {
              setSkippedProjectOf(company!.id);
              go("issue");
            }}
            onContinue={() => go("issue")}
            onBack={() => go("agent")}
          />
        ) : position === "issue" ? (
          <IssueStep
            companyId={company!.id}
            preferredAgentId={createdAgent?.id ?? null}
            preferredProjectId={createdProject?.project.id ?? null}
            onBack={() => go("project")}
            onCreated={(issue) => router.push(`/issues/${encodeURIComponent(issue.identifier)}`)}
          />
        ) : (
          <div className="flex flex-wrap gap-2">
            {finishedHref ? (
              <ButtonLink href={finishedHref} variant="primary">
                Open the first issue
              </ButtonLink>
            ) : null}
            <ButtonLink href="/needs-me">Go to Needs me</ButtonLink>
            <ButtonLink href="/welcome?step=agent" variant="ghost">
              Add another agent
            </ButtonLink>
          </div>
        )}
      </section>
    </div>
  );
}

/**
 * The company being set up: the one just created here until the server's next render reports it as chosen, else the
 * chosen one. A company picked in the switcher meanwhile wins, since the layout then reports a different company.
 */
function useWizardCompany(): [CompanySummary | null, (company: CompanySummary) => void] {
  const { companies, companyId } = useBoard();
  const [created, setCreated] = useState<{ company: CompanySummary; chosenWhenCreated: string | null } | null>(null);
  const chosen = companies.find((company) => company.id === companyId) ?? null;
  const remember = (company: CompanySummary) => setCreated({ company, chosenWhenCreated: companyId });
  return [created && created.chosenWhenCreated === companyId ? created.company : chosen, remember];
}
