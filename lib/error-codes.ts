// Every `code` a problem response can carry: its HTTP status, the problem's `title`, and when it happens with what
// the client should do. DomainError takes status and title from here, so a code cannot drift from its status.
// No server-only import: the board UI may read titles from it.

export type ErrorCodeEntry = { status: number; title: string; description: string };

export const ERROR_CODES = {
  // 400
  bad_request: { status: 400, title: "Bad request", description: "The request cannot be understood as sent; fix it before retrying." },
  validation_failed: {
    status: 400,
    title: "Validation failed",
    description: "Params, query or body failed the schema (unknown keys included); invalid_params names every bad field, so fix them all and resend.",
  },
  invalid_json: { status: 400, title: "Malformed JSON", description: "The request body is not valid JSON; send a JSON document." },
  invalid_run_id: {
    status: 400,
    title: "Malformed run id",
    description: "X-Paperclip-Run-Id is not a well-formed id (a UUID where a run is needed); send the id of your heartbeat run.",
  },
  mcp_invalid_message: {
    status: 400,
    title: "Invalid MCP message",
    description:
      "POST /api/mcp got a body the MCP transport refuses (not a JSON-RPC request it can parse, a second initialize in a batch, an unsupported MCP-Protocol-Version); details.jsonrpc holds its JSON-RPC error. Send one valid MCP message or batch.",
  },
  invalid_cursor: { status: 400, title: "Unknown cursor", description: "The `cursor` query parameter is not one this server issued; start again without it." },
  invalid_path: {
    status: 400,
    title: "Invalid path",
    description:
      "A path segment under /api does not percent-decode to UTF-8, decodes to `.` or `..`, or holds a control character (invalid_params names it); fix the path.",
  },

  // 401
  unauthorized: { status: 401, title: "Authentication required", description: "No session cookie or Bearer key came with the request; sign in or send a key." },
  webhook_signature_invalid: {
    status: 401,
    title: "Webhook signature refused",
    description:
      "The routine webhook's signature, timestamp or bearer secret is missing, wrong or outside the replay window; sign the raw body with the trigger's current secret and a fresh timestamp.",
  },
  invalid_authorization: {
    status: 401,
    title: "Malformed Authorization header",
    description: "The Authorization header is not `Bearer <token>`; send it in that form.",
  },
  invalid_api_key: {
    status: 401,
    title: "Invalid API key",
    description: "The Bearer key is unknown, revoked or expired, or its agent may not act (terminated, pending approval); use a valid key.",
  },
  agent_required: { status: 401, title: "Agent authentication required", description: "The route is for agents only; call it with an agent key or run token." },
  run_id_required: {
    status: 401,
    title: "Run id required",
    description: "An agent mutation came without X-Paperclip-Run-Id; send the id of the heartbeat run you act for.",
  },

  // 403
  forbidden: { status: 403, title: "Forbidden", description: "The caller may not do this; do not retry with the same credentials." },
  board_required: {
    status: 403,
    title: "Board access required",
    description: "Only board users (not agents) may do this or set these fields; ask a board user.",
  },
  insufficient_role: {
    status: 403,
    title: "Insufficient role",
    description: "The caller's company role is too low (viewers cannot act; only owners administer); ask an owner.",
  },
  owner_required: {
    status: 403,
    title: "Company owner required",
    description: "The request names fields that decide what runs on the server (commands, paths, runtime config); only company owners may set them.",
  },
  instance_admin_required: { status: 403, title: "Instance admin required", description: "Only instance administrators may do this." },
  origin_mismatch: {
    status: 403,
    title: "Cross-origin request refused",
    description: "A cookie-authenticated write came without an Origin header matching this site; send it from the board's own pages or use a Bearer key.",
  },
  agent_permission_required: {
    status: 403,
    title: "Agent permission required",
    description: "Agents may act only on themselves (their keys, runs, wakeups) unless granted a permission such as canCreateAgents; ask the board.",
  },
  checkout_as_other_agent: {
    status: 403,
    title: "Cannot check out for another agent",
    description: "An agent tried to check an issue out for a different agent; check out as yourself.",
  },
  not_holder: { status: 403, title: "Not the holder", description: "Only the agent holding the issue (or the board) can release it; leave it to its holder." },
  not_comment_author: { status: 403, title: "Not the comment's author", description: "Agents may delete only their own comments." },
  requester_mismatch: {
    status: 403,
    title: "Requester mismatch",
    description: "Agents request approvals as themselves; drop or correct the requesting agent.",
  },
  not_requester: { status: 403, title: "Not the requester", description: "Only the agent that requested the approval (or the board) may resubmit or link it." },
  execution_policy_board_only: {
    status: 403,
    title: "Execution policy is board-only",
    description: "Only board users change an issue's execution policy; leave executionPolicy out.",
  },
  not_interaction_creator: {
    status: 403,
    title: "Not the interaction's creator",
    description: "Only the agent that asked (or the board) can cancel this interaction; only the agent or user that asked can withdraw it.",
  },
  resolver_is_creator: { status: 403, title: "Creator cannot resolve", description: "This interaction must be resolved by someone other than its creator." },
  board_resolution_required: { status: 403, title: "Board resolution required", description: "Only board users may resolve this interaction." },
  not_addressee: {
    status: 403,
    title: "Not the addressee",
    description: "The interaction is addressed to another agent or board user; only they may resolve it.",
  },
  workspace_not_checked_out: {
    status: 403,
    title: "Workspace not checked out",
    description: "Agents may run commands only in a workspace linked to an issue they have checked out; check the issue out first.",
  },
  run_token_mismatch: {
    status: 403,
    title: "Run token mismatch",
    description: "The run token belongs to a different run than X-Paperclip-Run-Id names; send the token's own run id or none.",
  },
  inbox_agent_only: {
    status: 403,
    title: "Agents only",
    description:
      "GET /api/agents/me/inbox/mine is how an agent reads a board user's Mine inbox; board users read their own at GET /api/companies/:companyId/inbox.",
  },
  routine_not_own: {
    status: 403,
    title: "Not your routine",
    description:
      "Agents manage and run only routines assigned to themselves unless they have permissions.canAssignTasks; ask the board or the routine's agent.",
  },
  agent_only: {
    status: 403,
    title: "Agents only",
    description:
      "File marks, thoughts and logged costs belong to an agent, so only agents (an agent key or run token) may write them; board users can read them.",
  },
  run_agent_mismatch: {
    status: 403,
    title: "Run belongs to another agent",
    description: "X-Paperclip-Run-Id names a run of another agent; send one of your own runs.",
  },

  // 404
  not_found: { status: 404, title: "Not found", description: "The resource does not exist or is in a company the caller cannot see; check the id." },
  workspace_command_not_found: {
    status: 404,
    title: "Workspace command not found",
    description: "The workspace's runtime config has no command with that id; pick one it lists.",
  },
  runtime_service_not_found: {
    status: 404,
    title: "Runtime service not found",
    description: "No runtime service with that id runs in this workspace; re-read the workspace's services.",
  },
  route_not_found: { status: 404, title: "No such API route", description: "No API route has this path; check it against /api/openapi.json." },
  action_not_found: {
    status: 404,
    title: "Unknown action",
    description: "The action is not one this endpoint takes (services start, stop or restart; jobs run).",
  },

  // 409
  conflict: { status: 409, title: "Conflict", description: "The request conflicts with the resource's current state; re-read it before deciding what to do." },
  checkout_conflict: {
    status: 409,
    title: "Checkout conflict",
    description:
      "Another agent, run or board user holds this issue's checkout, or it is not in an expected status; details.reason and details.hint say which. Do not retry; pick other work.",
  },
  run_ownership_conflict: {
    status: 409,
    title: "Held by another run",
    description: "Another live run of this agent has the issue checked out; finish or release it from that run.",
  },
  gate_unsatisfied: {
    status: 409,
    title: "Gate unsatisfied",
    description: "A warn gate needs an attachment before leaving this state; attach it, or resend with force: true.",
  },
  setup_complete: { status: 409, title: "Setup already complete", description: "The instance already has users; sign in instead of running setup." },
  email_taken: { status: 409, title: "Email taken", description: "A user with this email already exists; use another email or that user." },
  last_admin: { status: 409, title: "Last instance admin", description: "The change would leave no active instance admin; make someone else admin first." },
  last_owner: { status: 409, title: "Last company owner", description: "The change would leave the company without an owner; make someone else owner first." },
  label_exists: { status: 409, title: "Label exists", description: "The company already has a label with this name; use it or pick another name." },
  saved_view_name_taken: {
    status: 409,
    title: "Saved view name taken",
    description: "You already have a saved view with this name in this company; rename or update that view, or pick another name.",
  },
  membership_required: {
    status: 409,
    title: "Membership required",
    description:
      "The choice is kept on your membership of the company, and you have none (an instance admin reaching the company as admin); add yourself as a member (POST /api/companies/:companyId/members) first.",
  },
  ambiguous_agent_ref: {
    status: 409,
    title: "Ambiguous agent reference",
    description: "Several companies have an agent with this name; pass companyId or use the agent's id.",
  },
  agent_not_keyable: {
    status: 409,
    title: "Agent cannot have keys",
    description: "Keys cannot be created for an agent that is pending approval or terminated.",
  },
  agent_terminated: {
    status: 409,
    title: "Agent terminated",
    description: "Termination is final: a terminated agent cannot be paused, resumed or given another status; hire a new agent instead.",
  },
  agent_pending_approval: {
    status: 409,
    title: "Agent pending approval",
    description: "The agent's hire awaits a board decision; approve or reject its hire_agent approval (or terminate it) before pausing or resuming it.",
  },
  hire_approval_required: {
    status: 409,
    title: "Hire approval required",
    description:
      "The company requires board approval for new agents, so agents cannot create agents directly; use POST /api/companies/:companyId/agent-hires, which files a hire_agent approval.",
  },
  environment_name_taken: { status: 409, title: "Environment name taken", description: "The company already has an environment with this name; pick another." },
  skill_key_taken: {
    status: 409,
    title: "Skill key taken",
    description: "The company already has a skill with this key; pick another key, or update (PATCH) or re-import the existing one.",
  },
  environment_is_default: { status: 409, title: "Default environment", description: "The instance default environment cannot be deleted." },
  environment_in_use: {
    status: 409,
    title: "Environment in use",
    description: "Agents, projects, issues or workspaces still point at this environment (details.usage counts them); point them elsewhere, or archive it.",
  },
  document_not_found: {
    status: 409,
    title: "Document does not exist yet",
    description: "baseRevisionId was sent for a document that does not exist; create it without one.",
  },
  document_base_revision_required: {
    status: 409,
    title: "Base revision required",
    description: "Updating an existing document needs baseRevisionId; send the revision you edited (details.currentRevisionId is the latest).",
  },
  document_revision_conflict: {
    status: 409,
    title: "Document revision conflict",
    description: "Someone else updated the document since baseRevisionId; re-read it, merge, and resend with the current revision.",
  },
  revision_already_latest: {
    status: 409,
    title: "Revision already latest",
    description: "The revision to restore is already the document's latest; nothing to do.",
  },
  idempotency_key_reused: {
    status: 409,
    title: "Idempotency key reused",
    description: "The idempotency key was used before for a different request; use a fresh key.",
  },
  issue_closed: { status: 409, title: "Issue closed", description: "Interactions cannot be created on a done or cancelled issue." },
  interaction_resolved: {
    status: 409,
    title: "Interaction already resolved",
    description: "The interaction was already resolved or cancelled; details carry its status and result.",
  },
  routine_not_active: {
    status: 409,
    title: "Routine not active",
    description: "The routine is paused or archived, so it does not run; set its status to active first.",
  },
  routine_trigger_disabled: {
    status: 409,
    title: "Trigger disabled",
    description: "This routine trigger is disabled, so it fires nothing; enable it (PATCH /api/routine-triggers/:id) first.",
  },
  run_not_active: { status: 409, title: "Run not active", description: "The run already finished, so it cannot be cancelled." },
  runtime_action_pending: {
    status: 409,
    title: "Runtime action pending",
    description: "Another action on this workspace command is still running; wait for it to finish.",
  },
  service_host_unavailable: {
    status: 409,
    title: "Service host unavailable",
    description:
      "The runtime service is supervised by another app instance (details.hostId) that is running but did not take the action in time; retry, or look at that instance's log.",
  },
  no_workspace_conflict: { status: 409, title: "No workspace conflict", description: "The issue has no workspace conflict to resolve; re-read it." },
  workspace_close_blocked: {
    status: 409,
    title: "Workspace close blocked",
    description: "Something still blocks closing this workspace (details.closeReadiness lists it); resolve the blockers and retry.",
  },
  workspace_close_in_progress: {
    status: 409,
    title: "Workspace close in progress",
    description: "This workspace is already being closed; wait for that close to settle.",
  },
  workspace_in_use: { status: 409, title: "Workspace in use", description: "Execution workspaces still depend on this project workspace; close them first." },

  // 405, 408
  method_not_allowed: {
    status: 405,
    title: "Method not allowed",
    description: "The path exists but does not take this method; the Allow header lists the ones it does.",
  },
  request_timeout: { status: 408, title: "Request timeout", description: "The request's headers or body did not arrive in time; send it again." },

  // 406, 413, 415, 431
  mcp_not_acceptable: {
    status: 406,
    title: "Not acceptable",
    description: "MCP over Streamable HTTP needs `Accept: application/json, text/event-stream` on POST /api/mcp; send that header (MCP clients do).",
  },
  payload_too_large: { status: 413, title: "Payload too large", description: "The request body exceeds the route's limit (1 MiB unless stated); send less." },
  attachment_too_large: { status: 413, title: "Attachment too large", description: "An attachment is over 256 KiB; attach a smaller excerpt or a link." },
  bundle_too_large: {
    status: 413,
    title: "Bundle too large",
    description: "The company's export would exceed the bundle size limit (200 MiB); archive or delete large documents and attachments, then export again.",
  },
  unsupported_media_type: {
    status: 415,
    title: "Unsupported media type",
    description: "The body of a cookie-authenticated write is not application/json; send JSON.",
  },
  headers_too_large: {
    status: 431,
    title: "Request headers too large",
    description: "The request's headers exceed the server's limit (16 KiB in all, cookies included); send fewer or smaller headers.",
  },

  // 422
  invalid_bundle: {
    status: 422,
    title: "Invalid bundle",
    description:
      "The import's bundle is neither a valid switchboard.company bundle nor a Paperclip export, or a field in it is malformed (invalid_params names each as bundle.<path>); send the export body unchanged.",
  },
  unsupported_bundle_version: {
    status: 422,
    title: "Unsupported bundle version",
    description:
      "The bundle's `version` is not one this server reads (invalid_params names bundle.version); export it again from a server of the same version, or upgrade this one.",
  },
  unprocessable: {
    status: 422,
    title: "Unprocessable request",
    description: "The request is well-formed but breaks a rule; read detail and change the request.",
  },
  invalid_field: { status: 422, title: "Invalid field", description: "One field breaks a rule (invalid_params names it); correct that field." },
  invalid_reference: {
    status: 422,
    title: "Invalid reference",
    description: "An id in the body names nothing in this company (invalid_params lists each); use ids from the same company.",
  },
  issue_prefix_taken: { status: 422, title: "Issue prefix taken", description: "Another company uses this issue prefix; pick another." },
  environment_default_not_archivable: {
    status: 422,
    title: "Default environment cannot be archived",
    description: "The instance default environment cannot be archived; edit it instead.",
  },
  goal_cycle: { status: 422, title: "Goal cycle", description: "The parent would make a goal its own ancestor; pick another parent." },
  parent_cycle: { status: 422, title: "Parent cycle", description: "The parent would make an issue its own ancestor; pick another parent." },
  reporting_cycle: { status: 422, title: "Reporting cycle", description: "reportsTo would make a reporting cycle; pick another manager." },
  blocker_cycle: {
    status: 422,
    title: "Blocker cycle",
    description: "The blockers would make an issue block itself, directly or through others; drop that blocker.",
  },
  blockers_unresolved: {
    status: 422,
    title: "Blockers unresolved",
    description:
      "The issue cannot start while its blockers (details.blockedBy) are unresolved: in their workflow's blocking_states, or not done when it names none; finish them first.",
  },
  assignee_conflict: { status: 422, title: "Two assignees", description: "An issue is assigned to an agent or a user, not both; send one." },
  unknown_user: { status: 422, title: "Unknown user", description: "No board user has that id or email; create the user first." },
  unknown_skill_refs: {
    status: 422,
    title: "Unknown skills",
    description: "Some desiredSkills name no skill of the agent's company (invalid_params names each); list the company's skills and send their keys or ids.",
  },
  skill_source_unreadable: {
    status: 422,
    title: "Skill source unreadable",
    description:
      "The import source is not a folder the server can read or a git URL it can clone, holds no SKILL.md, or is over the size limits (the detail says which); fix the source.",
  },
  invalid_adapter_config: {
    status: 422,
    title: "Invalid adapter config",
    description: "adapterConfig does not fit the adapter type (invalid_params names each field); correct it.",
  },
  invalid_payload: {
    status: 422,
    title: "Invalid approval payload",
    description: "The approval's payload lacks fields its type needs (invalid_params names them); complete it.",
  },
  approval_not_pending: {
    status: 422,
    title: "Approval not pending",
    description: "The approval is no longer in a state this decision applies to; re-read it.",
  },
  approval_not_in_revision: { status: 422, title: "Approval not in revision", description: "Only approvals sent back for revision can be resubmitted." },
  invalid_execution_policy: {
    status: 422,
    title: "Invalid execution policy",
    description: "A stage of the execution policy is inconsistent (invalid_params names it); correct the policy.",
  },
  no_eligible_participant: {
    status: 422,
    title: "No eligible participant",
    description: "A review or approval stage has nobody left to ask (the executor cannot review their own work); add a participant or remove the stage.",
  },
  not_participant: {
    status: 422,
    title: "Not the stage's participant",
    description: "Only the current participant of the issue's execution stage may decide it.",
  },
  comment_required: { status: 422, title: "Comment required", description: "This execution-stage decision needs a comment; send one." },
  invalid_transition: {
    status: 422,
    title: "Invalid transition",
    description: "The workflow has no exit from the current state to that status or named workflowState (or no such state); detail lists the valid exits.",
  },
  gate_rejected: { status: 422, title: "Gate rejected", description: "Leaving this state needs an attachment and the gate cannot be forced; attach it first." },
  unknown_phase: { status: 422, title: "Unknown phase", description: "The workflow has no such phase; use one it lists." },
  unknown_attachment_type: {
    status: 422,
    title: "Unknown attachment type",
    description: "The workflow refuses attachment types it does not know; use one it lists.",
  },
  invalid_workflow: { status: 422, title: "Invalid workflow", description: "The workflow document has problems (details list them); fix it and save again." },
  invalid_cron: {
    status: 422,
    title: "Invalid cron expression",
    description:
      "cronExpression is not a 5-field cron (minute hour day-of-month month day-of-week, or @hourly/@daily/@weekly/@monthly/@yearly) or never matches a date; fix it.",
  },
  routine_variables_invalid: {
    status: 422,
    title: "Routine variables missing or invalid",
    description:
      "A required routine variable has no value or default, or a value has the wrong type; invalid_params names each. Send them in the run's variables.",
  },
  invalid_target: { status: 422, title: "Invalid target", description: "The interaction's target is not a document of this issue; name one of its documents." },
  stale_target: {
    status: 422,
    title: "Stale target",
    description: "The confirmation targets an old document revision; target the current one (details.currentRevisionId).",
  },
  reason_required: { status: 422, title: "Reason required", description: "Rejecting this confirmation needs a reason; send one." },
  wrong_interaction_kind: {
    status: 422,
    title: "Wrong interaction kind",
    description: "Confirmations are accepted or rejected, questions are responded to; use the matching endpoint.",
  },
  invalid_answers: { status: 422, title: "Invalid answers", description: "Some answers do not fit their questions (invalid_params names them); correct them." },
  invalid_selection: {
    status: 422,
    title: "Invalid selection",
    description:
      "The selectedClientKeys or selectedOptionIds do not fit the interaction (unknown ids, a nested task without its parent, a required box unticked, too few or too many); invalid_params names each.",
  },
  invalid_interaction_payload: {
    status: 422,
    title: "Invalid interaction payload",
    description:
      "The payload is well-formed but inconsistent (duplicate keys, a parentClientKey cycle, two assignees, unmeetable box counts); invalid_params names each field.",
  },
  environment_required: {
    status: 422,
    title: "Environment required",
    description: "The workspace's environment no longer exists; name the environment to use.",
  },
  invalid_runtime_config: {
    status: 422,
    title: "Invalid runtime config",
    description: "The runtime config does not validate (invalid_params names each problem); correct it.",
  },
  workspace_archived: {
    status: 422,
    title: "Workspace archived",
    description: "The workspace is archived and its checkout is gone; it cannot be reopened or run.",
  },
  workspace_cwd_missing: {
    status: 422,
    title: "No working directory",
    description: "The workspace has no working directory; set one before running commands.",
  },
  outside_allowed_root: {
    status: 422,
    title: "Outside allowed root",
    description: "The command would run outside the environment's allowed root; move the working directory inside it.",
  },
  no_runtime_config: { status: 422, title: "No runtime services", description: "The workspace has no service commands; add them to its runtime config first." },
  job_required: { status: 422, title: "Job required", description: "Running needs workspaceCommandId naming a job; send it." },
  not_a_job: { status: 422, title: "Not a job", description: "The command is a service; start, stop or restart it instead of run." },
  not_a_service: { status: 422, title: "Not a service", description: "The command is a job; run it instead." },
  service_index_out_of_range: {
    status: 422,
    title: "Service index out of range",
    description: "serviceIndex is past the workspace's services; use an index it lists.",
  },

  // 429
  rate_limited: {
    status: 429,
    title: "Too many requests",
    description: "The caller's key or user exceeded its request rate; retry after Retry-After seconds.",
  },

  // 5xx
  internal_error: {
    status: 500,
    title: "Internal server error",
    description: "An unexpected server fault; the body has only the request id, which the server log names. Retrying may not help.",
  },
  database_unavailable: { status: 503, title: "Database unavailable", description: "The database cannot be reached; retry after Retry-After seconds." },
  shutting_down: {
    status: 503,
    title: "Shutting down",
    description: "The server is stopping and only finishing the requests it already had; retry after Retry-After seconds, when it is back.",
  },
  database_busy: {
    status: 503,
    title: "Database busy",
    description: "A transaction could not start in time because the database is saturated; retry after Retry-After seconds.",
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorStatus<C extends ErrorCode = ErrorCode> = (typeof ERROR_CODES)[C]["status"];
/** The codes registered with `status`: `ErrorCodeWithStatus<409>` is every conflict code. */
export type ErrorCodeWithStatus<S extends ErrorStatus> = { [C in ErrorCode]: ErrorStatus<C> extends S ? C : never }[ErrorCode];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value);
}
