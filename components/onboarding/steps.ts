// The guided first run's steps, shared by the page's server shell (which picks where to open) and the wizard.
import type { OnboardingStep } from "@/lib/queries/onboarding";

export const WIZARD_STEPS = ["company", "agent", "project", "issue"] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
/** Where the wizard stands: a step, or "finished" once the checklist has every one of them. */
export type WizardPosition = WizardStep | "finished";
export type StepState = "todo" | "done" | "skipped";
export type WizardProgress = Record<WizardStep, StepState>;

export const STEP_LABELS: Record<WizardStep, string> = { company: "Company", agent: "Agent", project: "Project", issue: "First issue" };

/** What the wizard reads of the onboarding checklist's steps. */
export type ChecklistStep = Pick<OnboardingStep, "key" | "done" | "skipped" | "href">;

export function parseStep(value: unknown): WizardStep | null {
  return typeof value === "string" && (WIZARD_STEPS as readonly string[]).includes(value) ? (value as WizardStep) : null;
}

/** A checklist step's state; a step the checklist does not have (no company yet) is still to do. */
export const stepState = (step: Pick<ChecklistStep, "done" | "skipped"> | undefined): StepState => (step?.done ? "done" : step?.skipped ? "skipped" : "todo");

/** The wizard's steps as the checklist has them; with no company, nothing is done yet. */
export function progressFrom(steps: ChecklistStep[] | null): WizardProgress {
  const state = (key: WizardStep) => stepState(steps?.find((candidate) => candidate.key === key));
  return { company: state("company"), agent: state("agent"), project: state("project"), issue: state("issue") };
}

/** The first step the checklist has neither done nor skipped. */
export function firstOpenStep(progress: WizardProgress): WizardPosition {
  return WIZARD_STEPS.find((step) => progress[step] === "todo") ?? "finished";
}
