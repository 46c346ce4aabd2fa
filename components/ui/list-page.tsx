"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { useState } from "react";
import { CreateButton } from "./button";
import { PageHeader } from "./page-header";
import { EmptyState, QueryList } from "./states";

/**
 * A page listing one kind of record: its header, the list's loading, error and empty states, and — for those who may
 * create — a "New …" button (in the header once there are rows, in the empty state before) that opens the create dialog.
 */
export function ListPage<T>({
  title,
  description,
  query,
  what,
  empty,
  create,
  children,
}: {
  title: string;
  description?: React.ReactNode;
  query: UseQueryResult<T[]>;
  /** What the list holds, in the plural, for its loading and error text. */
  what: string;
  empty: { icon: React.ReactNode; title: string; description: React.ReactNode };
  create: { label: string; dialog: (props: { open: boolean; onClose: () => void }) => React.ReactNode } | null;
  children: (items: T[]) => React.ReactNode;
}) {
  const [creating, setCreating] = useState(false);
  const createButton = create ? <CreateButton onClick={() => setCreating(true)}>{create.label}</CreateButton> : null;
  return (
    <>
      <PageHeader title={title} description={description} actions={query.data?.length ? createButton : null} />
      <QueryList query={query} what={what} empty={<EmptyState {...empty} action={createButton} />}>
        {children}
      </QueryList>
      {create ? create.dialog({ open: creating, onClose: () => setCreating(false) }) : null}
    </>
  );
}
