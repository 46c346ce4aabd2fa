import type { Metadata } from "next";
import { NoCompany } from "@/components/board/no-company";
import { FirstRunWizard } from "@/components/onboarding/first-run-wizard";
import { firstOpenStep, parseStep, progressFrom } from "@/components/onboarding/steps";
import { PageHeader } from "@/components/ui/page-header";
import { type Onboarding, onboardingPath } from "@/lib/queries/onboarding";
import { apiGetOnServer } from "@/lib/queries/prefetch";
import { requireBoardContext } from "@/lib/session";

export const metadata: Metadata = { title: "Set up · Switchboard" };

/**
 * The guided first run: company → first agent → optional project → first issue. `?step=` opens a step; without it,
 * the first step the company's onboarding checklist has not done (the company step when there is no company).
 */
export default async function WelcomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const context = await requireBoardContext();
  const requested = parseStep((await searchParams).step);
  if (!context.companyId && !context.isInstanceAdmin) {
    return (
      <>
        <PageHeader title="Welcome to Switchboard" />
        <NoCompany />
      </>
    );
  }
  const checklist = context.companyId ? await apiGetOnServer<Onboarding>(onboardingPath(context.companyId)) : null;
  const steps = checklist?.data.steps ?? null;
  const progress = progressFrom(steps);
  // Done steps link nowhere; the run and finish steps link to the newest assigned issue while they are still open.
  const finishedHref = steps?.find((step) => (step.key === "run" || step.key === "done") && step.href)?.href ?? null;
  return (
    <FirstRunWizard
      initialPosition={requested ?? firstOpenStep(progress)}
      progress={progress}
      progressCompanyId={context.companyId}
      finishedHref={finishedHref}
      canCreateCompany={context.isInstanceAdmin}
      canSetUp={context.canAdmin}
    />
  );
}
