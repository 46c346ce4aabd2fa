// The built-in demo agent: one heartbeat of the procedure in skills/switchboard/SKILL.md, done with plain HTTP calls.
//
// The process adapter runs this script once per wake with the PAPERCLIP_* environment (lib/agents/demo.ts builds its
// adapter config). It needs no AI: it plans, asks the board to confirm the plan, and once the plan is accepted reports
// what its working folder holds. Along the way it does what the skill asks of every agent: it tells the issues an
// approval decision links what happens next, and it answers people who comment on its issues (never agents, itself
// included, so nobody talks in circles). It is also the reference client in the docs, so every step is a small
// function numbered as in the skill, and every API call is printed as one JSON line so the run log shows exactly what
// it did:
//   {"type":"demo_call","method":"POST","path":"/api/issues/<id>/checkout","status":200}
// Writes carry the run id and so also appear in the issue's activity; reads appear in the run log only.
//
// Plain Node (20 or later), no dependencies: copy it, read it, change it.

import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/** What the server gives every run (see "What your run is given" in the skill). */
const run = {
  apiUrl: requiredEnv("PAPERCLIP_API_URL").replace(/\/+$/, ""),
  apiKey: requiredEnv("PAPERCLIP_API_KEY"),
  runId: requiredEnv("PAPERCLIP_RUN_ID"),
  taskId: process.env.PAPERCLIP_TASK_ID || null,
  wakeReason: process.env.PAPERCLIP_WAKE_REASON || null,
  wakeCommentId: process.env.PAPERCLIP_WAKE_COMMENT_ID || null,
  approvalId: process.env.PAPERCLIP_APPROVAL_ID || null,
  wakePayload: parseJson(process.env.PAPERCLIP_WAKE_PAYLOAD_JSON) ?? {},
};

/** The statuses a checkout may start from; an issue already in progress under this agent is always checked out again. */
const CHECKOUT_FROM = ["todo", "backlog", "blocked", "in_review"];

/** The plan lives in this issue document; confirmations target one of its revisions. */
const PLAN_KEY = "plan";

/** The attachment type for the output: the default workflow (workflows/default.yaml) knows `note`, and no gate needs more. */
const OUTPUT_ATTACHMENT = { type: "note", mime: "text/plain" };

/** The wakes that carry a board decision on an approval; approval_commented is a remark, not a decision. */
const APPROVAL_DECISION_WAKES = ["approval_approved", "approval_rejected", "approval_revision_requested"];

/** Statuses in which nothing is left to do on an issue. */
const CLOSED_STATUSES = ["done", "cancelled"];

/** How many entries of the working folder the report lists; the rest are counted. */
const FOLDER_LISTING_LIMIT = 40;

class ApiProblem extends Error {
  constructor(method, apiPath, status, problem) {
    super(`${method} ${apiPath} → ${status} ${problem?.code ?? ""}: ${problem?.detail ?? problem?.title ?? "no details"}`);
    this.status = status;
    this.problem = problem;
  }
}

// ---- Talking to the API -------------------------------------------------------------------------------------------

/**
 * One API call. Every call is logged as a `demo_call` JSON line; writes send the run id, without which the server
 * refuses an agent's change (401 run_id_required) and with which the change is tied to this run in the activity log.
 * Statuses listed in `allow` come back to the caller (with the problem as the body) instead of failing the run.
 */
async function api(method, apiPath, { body, allow = [] } = {}) {
  const headers = { authorization: `Bearer ${run.apiKey}`, accept: "application/json" };
  if (method !== "GET") headers["x-paperclip-run-id"] = run.runId;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${run.apiUrl}${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  console.log(JSON.stringify({ type: "demo_call", method, path: apiPath, status: response.status }));
  const text = await response.text();
  const parsed = text ? parseJson(text) : null;
  if (!response.ok && !allow.includes(response.status)) throw new ApiProblem(method, apiPath, response.status, parsed);
  return { status: response.status, body: parsed };
}

const read = async (apiPath) => (await api("GET", apiPath)).body;

// ---- The heartbeat, step by step ----------------------------------------------------------------------------------

/** 1. Who am I: the agent this run acts as. */
async function whoAmI() {
  const me = await read("/api/agents/me");
  say(`I am ${me.name}; woken for ${run.wakeReason ?? "no particular reason"}.`);
  return me;
}

/**
 * 2. A board decision on an approval woke me: read the approval and the issues it links, and on each open one of mine
 * say what happens next, linking both. The demo agent never requests approvals (the board may file one in its name)
 * and only the board confirming its plan settles its work, so it never closes an issue for an approval.
 */
async function handleApprovalDecision(me) {
  if (!run.approvalId || !APPROVAL_DECISION_WAKES.includes(run.wakeReason)) return;
  const approval = await read(`/api/approvals/${run.approvalId}`);
  const linked = await read(`/api/approvals/${run.approvalId}/issues`);
  const title = approval.payload?.title ?? approval.type;
  say(`Approval "${title}" is ${approval.status}; it links ${linked.length} issue(s).`);
  for (const issue of linked) {
    if (issue.assigneeAgentId !== me.id) {
      say(`${issue.identifier} is not assigned to me; its assignee answers for it.`);
    } else if (CLOSED_STATUSES.includes(issue.status)) {
      say(`${issue.identifier} is already ${issue.status}; nothing to add.`);
    } else {
      const { step } = await readPlanState(issue.id);
      const note = approval.decisionNote ? ` ("${approval.decisionNote}")` : "";
      await comment(
        issue,
        `[Approval "${title}"](/approvals/${approval.id}) ${APPROVAL_OUTCOME[approval.status] ?? `is ${approval.status}`}${note}. ` +
          `It does not change the work on [${issue.identifier}](/issues/${issue.identifier}): ${NEXT_STEP[step]}`,
      );
    }
  }
}

const APPROVAL_OUTCOME = {
  approved: "was approved",
  rejected: "was rejected",
  revision_requested: "was sent back for revision",
  pending: "is pending again",
  cancelled: "was cancelled",
};

/** What happens next on an issue, by where its plan stands (see readPlanState). */
const NEXT_STEP = {
  write_plan: "I write a plan for it next and ask for it to be confirmed.",
  ask: "I ask for its plan to be confirmed next.",
  wait: "its plan is waiting for confirmation, and I start once it is accepted.",
  revise_plan: "I revise its plan next, as the board asked.",
  work: "its plan is accepted, and I carry it out next.",
};

/** 3. My assignments, in the server's working order: in progress, in review, todo, blocked. */
async function readInbox() {
  return read("/api/agents/me/inbox-lite");
}

/**
 * 4. A comment woke me (on my issue, or naming me): read it first. Only a person's comment gets an answer; my own
 * never wakes me, and another agent's stays unanswered so two agents cannot keep each other talking. A decision on a
 * confirmation also arrives as issue_commented, but marked `mutation: "interaction"` and without a comment: the plan's
 * state (below) is its answer.
 */
async function readWakeComment(me) {
  if (!run.wakeCommentId || !run.taskId || run.wakePayload.mutation === "interaction") return null;
  const wakeComment = await read(`/api/issues/${run.taskId}/comments/${run.wakeCommentId}`);
  if (!wakeComment.authorUserId) {
    say(wakeComment.authorAgentId === me.id ? "The comment is my own; nothing to answer." : "The comment is from an agent; I answer people only.");
    return null;
  }
  say(`A person commented: "${excerpt(wakeComment.body)}"`);
  return wakeComment;
}

/**
 * 4. Pick the work, in the skill's order: the issue the wake is about when it is mine; else in progress, then in
 * review when someone else wrote last, then todo without open blockers. Blocked issues are left alone (the demo agent
 * can unblock nothing), and so are issues listed only because a question waits for my answer (it asks, never answers).
 */
async function pickIssue(inbox, me) {
  const mine = inbox.filter((item) => !item.awaitingAgentResponse);
  const woken = mine.find((item) => item.id === run.taskId);
  if (woken) return woken;
  const withStatus = (status) => mine.filter((item) => item.status === status);
  return withStatus("in_progress")[0] ?? (await firstCommentedOn(withStatus("in_review"), me)) ?? withStatus("todo").find((item) => item.ready) ?? null;
}

/** An issue in review is back with me only when its newest comment is someone else's (a person's or another agent's). */
async function firstCommentedOn(issues, me) {
  for (const issue of issues) {
    const [newest] = await read(`/api/issues/${issue.id}/comments?limit=1`);
    if (newest && (newest.authorUserId || (newest.authorAgentId && newest.authorAgentId !== me.id))) return issue;
  }
  return null;
}

/**
 * 4. A person commented on an issue of mine that is not open work (done, cancelled, in the backlog): answer without a
 * checkout, which only open work takes, and end; one issue per heartbeat. Someone else's issue gets no answer: the demo
 * agent takes no work by mention.
 */
async function answerOutsideInbox(me) {
  const issue = await read(`/api/issues/${run.taskId}`);
  if (issue.assigneeAgentId !== me.id) return say(`${issue.identifier} is not assigned to me; leaving the comment to its assignee.`);
  const answer =
    issue.status === "done"
      ? "Done already: my report is attached as a note. Reopen this issue with a comment if more is needed."
      : `This issue is ${issue.status}, so I am not working on it. Move it to todo, or reopen it with a comment, when it should go ahead.`;
  await comment(issue, answer);
}

/**
 * 5. Check out before working. A 409 means someone else holds the issue, or it moved on: stop, never retry. A 422
 * blockers_unresolved means it cannot start yet. Both end the heartbeat normally.
 */
async function checkOut(issue, agentId) {
  const { status, body } = await api("POST", `/api/issues/${issue.id}/checkout`, {
    body: { agentId, expectedStatuses: CHECKOUT_FROM },
    allow: [409, 422],
  });
  if (status === 409) {
    say(`${issue.identifier} is not mine to work on now (${body?.details?.reason ?? body?.code}); stopping without retrying.`);
    return false;
  }
  if (status === 422) {
    if (body?.code !== "blockers_unresolved") throw new ApiProblem("POST", `/api/issues/${issue.id}/checkout`, status, body);
    say(`${issue.identifier} still has open blockers; stopping.`);
    return false;
  }
  say(`Checked out ${issue.identifier}.`);
  return true;
}

/** 6. The issue compactly (its title and description may have changed since it was assigned); a wake comment was read in step 4. */
async function readContext(issue) {
  return read(`/api/issues/${issue.id}/heartbeat-context`);
}

/**
 * Where the plan stands, read from the issue itself rather than from the wake: several wakes may have been folded into
 * this run, and a run started for another reason must still find the board's decision. The confirmation that counts
 * is the newest one asking about the plan's latest revision (a new revision expires older ones).
 */
async function readPlanState(issueId) {
  const documents = await read(`/api/issues/${issueId}/documents`);
  const plan = documents.find((document) => document.key === PLAN_KEY) ?? null;
  const confirmations = (await read(`/api/issues/${issueId}/interactions`)).filter(isPlanConfirmation);
  const feedback = confirmations.filter((confirmation) => confirmation.status === "rejected").map(rejectionReason);
  if (!plan) return { step: "write_plan", plan, feedback, asks: 0 };
  const asks = confirmations.filter((confirmation) => confirmation.payload.target.revisionId === plan.latestRevisionId);
  const latest = asks.at(-1);
  // Nothing asked about this revision yet, or the question was withdrawn or expired without a decision: ask (again).
  const step = { pending: "wait", accepted: "work", rejected: "revise_plan" }[latest?.status] ?? "ask";
  return { step, plan, feedback, asks: asks.length };
}

const isPlanConfirmation = (interaction) =>
  interaction.kind === "request_confirmation" && interaction.payload?.target?.type === "issue_document" && interaction.payload.target.key === PLAN_KEY;

const rejectionReason = (confirmation) => confirmation.result?.reason || "Rejected without a reason.";

/** No plan yet: write revision 1 and ask the board to confirm it. */
async function proposePlan(issue, state) {
  const plan = await savePlan(issue, state);
  await askForConfirmation(issue, plan, 0);
  await comment(
    issue,
    `I wrote a plan (the "plan" document, revision ${plan.latestRevisionNumber}) and asked for it to be confirmed. I will start once it is accepted.`,
  );
}

/** The board rejected the plan: a new revision that answers every reason given so far, and a new question. */
async function revisePlan(issue, state) {
  const plan = await savePlan(issue, state);
  await askForConfirmation(issue, plan, 0);
  await comment(issue, `I revised the plan (revision ${plan.latestRevisionNumber}) after: "${state.feedback.at(-1)}". Waiting for it to be confirmed again.`);
}

/** A person wrote while the plan waits for them: point at the decision the work is waiting on. */
async function answerWhilePlanWaits(issue, plan) {
  await comment(
    issue,
    `The plan (revision ${plan.latestRevisionNumber}) is waiting for your confirmation. Accept it and I start; to change it, choose "Ask for changes" on the confirmation and say what should change.`,
  );
}

/**
 * PUT the plan document. Revision 1 is created with no base; later saves name the revision they start from, so a
 * concurrent edit by someone else is a 409 rather than lost.
 */
async function savePlan(issue, state) {
  const { body: plan } = await api("PUT", `/api/issues/${issue.id}/documents/${PLAN_KEY}`, {
    body: {
      format: "markdown",
      title: "Plan",
      body: planMarkdown(issue, state.feedback),
      changeSummary: state.plan ? `Revised after review: ${state.feedback.at(-1)}` : "First plan",
      baseRevisionId: state.plan?.latestRevisionId ?? null,
    },
  });
  say(`Saved the plan, revision ${plan.latestRevisionNumber}.`);
  return plan;
}

/**
 * Ask the board to confirm one exact revision. `wake_assignee` wakes me on every outcome (accepted or rejected). The
 * idempotency key makes a retried request harmless; a revision asked about again (its earlier question was withdrawn
 * or expired) needs a fresh key, since the same key would only return the closed question.
 */
async function askForConfirmation(issue, plan, earlierAsks) {
  const idempotencyKey = `plan-confirmation-${plan.latestRevisionId}${earlierAsks ? `-${earlierAsks + 1}` : ""}`;
  await api("POST", `/api/issues/${issue.id}/interactions`, {
    body: {
      kind: "request_confirmation",
      idempotencyKey,
      continuationPolicy: "wake_assignee",
      title: "Confirm the plan",
      payload: {
        version: 1,
        prompt: `Accept this plan for ${issue.identifier}?`,
        acceptLabel: "Accept plan",
        rejectLabel: "Ask for changes",
        rejectRequiresReason: true,
        rejectReasonLabel: "What should change?",
        target: { type: "issue_document", key: PLAN_KEY, revisionId: plan.latestRevisionId, label: `Plan, revision ${plan.latestRevisionNumber}` },
      },
    },
  });
  say(`Asked the board to confirm plan revision ${plan.latestRevisionNumber}.`);
}

/** The plan is accepted: say so, do the (read-only) work, attach what it produced, and close the issue. */
async function carryOutPlan(issue) {
  await comment(issue, "The plan was accepted. Starting: I am looking through my working folder (read only).");
  const report = await surveyWorkingFolder(process.cwd());
  await attachOutput(issue, report.text);
  await finish(issue, report.summary);
}

/**
 * 7. The "work": what the working folder holds. Read only, on purpose: the folder may be the user's own git checkout,
 * and a demo must never change someone's files.
 */
async function surveyWorkingFolder(folder) {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const folders = entries.filter((entry) => entry.isDirectory()).length;
  const branch = await gitBranch(folder);
  const lines = [
    `Working folder: ${folder}`,
    branch ? `Git checkout on ${branch}` : "Not a git checkout",
    `${count(entries.length - folders, "file")}, ${count(folders, "folder")}`,
    "",
  ];
  for (const entry of entries.slice(0, FOLDER_LISTING_LIMIT)) lines.push(await describeEntry(folder, entry));
  if (entries.length > FOLDER_LISTING_LIMIT) lines.push(`… and ${entries.length - FOLDER_LISTING_LIMIT} more`);
  const summary = entries.length
    ? `My working folder holds ${count(entries.length - folders, "file")} and ${count(folders, "folder")}${branch ? ` (git, ${branch})` : ""}.`
    : "My working folder is empty.";
  return { text: `${lines.join("\n")}\n`, summary };
}

async function describeEntry(folder, entry) {
  if (entry.isDirectory()) return `${entry.name}/`;
  const { size } = await stat(path.join(folder, entry.name)).catch(() => ({ size: null }));
  return size === null ? entry.name : `${entry.name} (${size} bytes)`;
}

/** The checked-out branch, read from .git/HEAD without running git; null outside a checkout (or in a linked worktree). */
async function gitBranch(folder) {
  const head = await readFile(path.join(folder, ".git", "HEAD"), "utf8").catch(() => null);
  if (!head) return null;
  const ref = head.trim().match(/^ref: refs\/heads\/(.+)$/);
  return ref ? `branch ${ref[1]}` : `detached at ${head.trim().slice(0, 12)}`;
}

/** The output as typed evidence on the issue: workflow gates read attachments, and the board sees it beside the thread. */
async function attachOutput(issue, text) {
  await api("POST", `/api/issues/${issue.id}/attachments`, { body: { ...OUTPUT_ATTACHMENT, content: text } });
  say(`Attached the folder report as a ${OUTPUT_ATTACHMENT.type}.`);
}

/** 8. Report and move the issue in one PATCH: the status and the comment saying what was done. */
async function finish(issue, summary) {
  await api("PATCH", `/api/issues/${issue.id}`, {
    body: { status: "done", comment: `Done. ${summary} The full listing is attached as a note. Nothing in the folder was changed.` },
  });
  say(`Marked ${issue.identifier} done.`);
}

async function comment(issue, body) {
  await api("POST", `/api/issues/${issue.id}/comments`, { body: { body } });
  say(`Commented on ${issue.identifier}.`);
}

// ---- The plan's text ----------------------------------------------------------------------------------------------

/** The plan, from the issue and every change the board asked for; each rejection adds one, so each revision differs. */
function planMarkdown(issue, feedback) {
  const lines = [
    `# Plan for ${issue.identifier}: ${issue.title}`,
    "",
    "## What was asked",
    "",
    issue.description?.trim() || "_No description was given; the title is the whole request._",
    "",
    "## What I will do",
    "",
    "1. Look through my working folder without changing anything in it.",
    "2. Write down what it holds (files, folders, and the git branch when it is a checkout) and attach that as a note.",
    "3. Comment with a summary and mark this issue done.",
  ];
  if (feedback.length) {
    lines.push("", "## Changes the board asked for", "");
    feedback.forEach((reason, index) => lines.push(`${index + 1}. ${reason}`));
  }
  lines.push("", "_I am the built-in demo agent: I only read, so accepting this plan changes no files._");
  return `${lines.join("\n")}\n`;
}

// ---- Running it ---------------------------------------------------------------------------------------------------

/** Why the run woke, in a line: a decision on a confirmation arrives as issue_commented with mutation "interaction". */
function describeWake() {
  const payload = run.wakePayload;
  if (payload.mutation === "interaction")
    return `The board answered a ${payload.interactionKind}: ${payload.outcome}${payload.reason ? ` ("${payload.reason}")` : ""}.`;
  if (run.wakeCommentId) return "A comment woke me.";
  return null;
}

async function heartbeat() {
  const me = await whoAmI();
  const woke = describeWake();
  if (woke) say(woke);
  await handleApprovalDecision(me);
  const inbox = await readInbox();
  const wakeComment = await readWakeComment(me);
  const issue = await pickIssue(inbox, me);
  if (wakeComment && issue?.id !== run.taskId) return answerOutsideInbox(me);
  if (!issue) return say("Nothing assigned to me needs work; ending the heartbeat.");
  if (!(await checkOut(issue, me.id))) return;
  const context = await readContext(issue);
  const current = { ...issue, title: context.issue.title, description: context.issue.description };
  const state = await readPlanState(issue.id);
  // Writing, revising and carrying out the plan each end with a comment saying where the work stands, which also
  // answers a person's comment; asking and waiting say nothing of their own, so a person who wrote gets an answer.
  switch (state.step) {
    case "write_plan":
      return proposePlan(current, state);
    case "revise_plan":
      return revisePlan(current, state);
    case "work":
      return carryOutPlan(current);
    case "ask":
      await askForConfirmation(current, state.plan, state.asks);
      if (wakeComment) await answerWhilePlanWaits(current, state.plan);
      return;
    case "wait":
      if (wakeComment) return answerWhilePlanWaits(current, state.plan);
      return say(`The plan for ${issue.identifier} is still waiting for the board; nothing to do until it is answered.`);
  }
}

/** "1 file", "2 files". */
const count = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function say(text) {
  console.log(text);
}

/** A comment's first line, shortened for the run log. */
function excerpt(text) {
  const line = text.trim().split("\n")[0];
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: run me through Switchboard's process adapter.`);
    process.exit(2);
  }
  return value;
}

function parseJson(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

try {
  await heartbeat();
} catch (error) {
  // An unexpected answer ends the run as failed, with the problem in the log for whoever reads it.
  console.error(error instanceof ApiProblem ? `API problem: ${error.message}\n${JSON.stringify(error.problem)}` : error);
  process.exitCode = 1;
}
