"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useBoard, useCompanyName, useCompanyPermissions } from "@/components/board/board-context";
import { Badge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { MutationConfirmDialog } from "@/components/ui/confirm-dialog";
import { splitError } from "@/components/ui/errors";
import { FormError, Input, Options, Select, fieldProps, formText } from "@/components/ui/form";
import { Time } from "@/components/ui/format";
import { UsersIcon } from "@/components/ui/icons";
import { Section } from "@/components/ui/page-header";
import { QueryTable, Td, Tr } from "@/components/ui/table";
import { errorMessage } from "@/lib/queries/client";
import {
  useAddMember,
  useCancelInvitation,
  useInvitations,
  useMembers,
  useRemoveMember,
  useUpdateMemberRole,
  type PendingInvitation,
} from "@/lib/queries/members";
import type { CompanyRole, Member } from "@/lib/queries/types";

const ROLES: readonly CompanyRole[] = ["owner", "operator", "viewer"];
const ROLE_HINTS: Record<CompanyRole, string> = {
  owner: "Owners manage members, adapters and settings.",
  operator: "Operators create and run agents, projects and goals.",
  viewer: "Viewers can read everything but change nothing.",
};

export function MembersTab({ companyId }: { companyId: string }) {
  const router = useRouter();
  const { user } = useBoard();
  const { canAdmin } = useCompanyPermissions(companyId);
  const members = useMembers(companyId);
  const updateRole = useUpdateMemberRole(companyId);
  const removeMember = useRemoveMember(companyId);
  const [removing, setRemoving] = useState<Member | null>(null);
  const companyName = useCompanyName(companyId) ?? "this company";

  // A change to the caller's own membership changes what the board may show them.
  const refreshIfSelf = (userId: string) => {
    if (userId === user.id) router.refresh();
  };

  return (
    <>
      {canAdmin ? <AddMemberForm companyId={companyId} /> : null}
      {canAdmin ? <PendingInvitations companyId={companyId} /> : null}
      <Section title="Members" description={`Board users who can see ${companyName}.`}>
        {updateRole.error ? (
          <div className="mb-3">
            <FormError>{errorMessage(updateRole.error)}</FormError>
          </div>
        ) : null}
        <QueryTable
          query={members}
          what="members"
          empty={{
            icon: <UsersIcon className="size-6" />,
            title: "No members yet",
            description: canAdmin ? "Add a board user by email above." : "Ask an owner to add members.",
          }}
          label="Members"
          columns={["Name", "Email", "Role", "Added"]}
          actions={canAdmin}
          row={(member) => (
            <Tr key={member.userId}>
              <Td>
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{member.name}</span>
                {member.userId === user.id ? <span className="ml-1.5 text-xs text-zinc-400">(you)</span> : null}
                {member.disabled ? (
                  <Badge tone="red" className="ml-2">
                    Disabled
                  </Badge>
                ) : null}
              </Td>
              <Td className="text-zinc-500 dark:text-zinc-400">{member.email}</Td>
              <Td>
                {canAdmin ? (
                  <Select
                    aria-label={`Role of ${member.name}`}
                    value={member.role}
                    disabled={updateRole.isPending}
                    className="w-36"
                    onChange={(event) => {
                      const role = event.target.value as CompanyRole;
                      updateRole.mutate({ userId: member.userId, role }, { onSuccess: () => refreshIfSelf(member.userId) });
                    }}
                  >
                    <Options values={ROLES} />
                  </Select>
                ) : (
                  <Badge tone={member.role === "owner" ? "violet" : member.role === "operator" ? "blue" : "neutral"}>{humanize(member.role)}</Badge>
                )}
              </Td>
              <Td className="text-zinc-500 dark:text-zinc-400">
                <Time value={member.createdAt} />
              </Td>
              {canAdmin ? (
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    className="text-red-600 hover:text-red-700 dark:text-red-400 dark:hover:text-red-300"
                    onClick={() => setRemoving(member)}
                    aria-label={`Remove ${member.name}`}
                  >
                    Remove
                  </Button>
                </Td>
              ) : null}
            </Tr>
          )}
        />
      </Section>
      <MutationConfirmDialog
        target={removing}
        onClose={() => setRemoving(null)}
        mutation={removeMember}
        variables={(member) => member.userId}
        onSuccess={(member) => refreshIfSelf(member.userId)}
        title={`Remove ${removing?.name ?? ""} from ${companyName}?`}
        description={
          removing?.userId === user.id ? "You will lose access to this company." : "They lose access to this company immediately; their user account stays."
        }
        confirmLabel="Remove member"
      />
    </>
  );
}

/** Owners only: invitations name people who may not be in the company, so other members never see them. */
function PendingInvitations({ companyId }: { companyId: string }) {
  const invitations = useInvitations(companyId);
  const cancelInvitation = useCancelInvitation(companyId);
  const [cancelling, setCancelling] = useState<PendingInvitation | null>(null);
  const inviteeName = (invitation: PendingInvitation) => invitation.email ?? `user ${invitation.userId}`;

  return (
    <Section title="Pending invitations" description="Invitees join at their next sign-in, if it comes before the invitation expires.">
      <QueryTable
        query={invitations}
        what="invitations"
        empty={{ icon: <UsersIcon className="size-6" />, title: "No pending invitations", description: "Invitations you send appear here." }}
        label="Pending invitations"
        columns={["Invitee", "Role", "Invited", "Expires"]}
        actions
        row={(invitation) => (
          <Tr key={invitation.id}>
            <Td className="font-medium text-zinc-900 dark:text-zinc-100">{inviteeName(invitation)}</Td>
            <Td>{humanize(invitation.role)}</Td>
            <Td className="text-zinc-500 dark:text-zinc-400">
              <Time value={invitation.invitedAt} />
            </Td>
            <Td className="text-zinc-500 dark:text-zinc-400">
              <Time value={invitation.expiresAt} />
            </Td>
            <Td className="text-right">
              <Button
                size="sm"
                variant="ghost"
                className="text-red-600 hover:text-red-700 dark:text-red-400 dark:hover:text-red-300"
                onClick={() => setCancelling(invitation)}
                aria-label={`Cancel the invitation of ${inviteeName(invitation)}`}
              >
                Cancel
              </Button>
            </Td>
          </Tr>
        )}
      />
      <MutationConfirmDialog
        target={cancelling}
        onClose={() => setCancelling(null)}
        mutation={cancelInvitation}
        variables={(invitation) => invitation.id}
        title={`Cancel the invitation of ${cancelling ? inviteeName(cancelling) : ""}?`}
        description="They will not join the company at their next sign-in; you can invite them again later."
        confirmLabel="Cancel invitation"
      />
    </Section>
  );
}

function AddMemberForm({ companyId }: { companyId: string }) {
  const id = useId();
  const addMember = useAddMember(companyId);
  const [role, setRole] = useState<CompanyRole>("operator");
  const [emailError, setEmailError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { fieldErrors, formError } = splitError(addMember.error, ["email", "role"]);
  const emailMessage = emailError ?? fieldErrors.email;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = formText(new FormData(form), "email");
    if (!email) return setEmailError("Enter the user's email");
    setEmailError(null);
    setNotice(null);
    addMember.mutate(
      { email, role },
      {
        onSuccess: (result) => {
          form.reset();
          setNotice(
            result.status === "invited"
              ? `Invited ${email} as ${role}: they join the company the next time they sign in.`
              : `${email} is now a member with the ${role} role.`,
          );
        },
      },
    );
  }

  return (
    <Section
      title="Add member"
      description="Invite a board user by email; they join at their next sign-in. Re-adding a member changes their role. Instance admins add existing users at once."
    >
      <form onSubmit={submit} className="space-y-2" noValidate>
        <FormError>{formError}</FormError>
        {notice ? (
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            {notice}
          </p>
        ) : null}
        <div className="flex flex-wrap items-start gap-2">
          <div className="w-full max-w-xs">
            <label htmlFor={`${id}-email`} className="sr-only">
              Email
            </label>
            <Input {...fieldProps(`${id}-email`, emailMessage)} name="email" type="email" placeholder="name@example.com" autoComplete="off" />
            {emailMessage ? (
              <p id={`${id}-email-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
                {emailMessage}
              </p>
            ) : null}
          </div>
          <label htmlFor={`${id}-role`} className="sr-only">
            Role
          </label>
          <Select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as CompanyRole)} className="w-36">
            <Options values={ROLES} />
          </Select>
          <Button type="submit" variant="primary" pending={addMember.isPending}>
            Add member
          </Button>
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{ROLE_HINTS[role]}</p>
      </form>
    </Section>
  );
}
