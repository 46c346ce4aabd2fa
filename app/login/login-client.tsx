"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, fieldProps } from "@/components/ui/form";
import { LogoIcon } from "@/components/ui/icons";
import { errorMessage, isApiError } from "@/lib/queries/client";
import { useCreateFirstAdmin } from "@/lib/queries/users";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/values";
import { signInFailureMessage, signInWithPassword, type SignInResult } from "./sign-in";

type Mode = "signin" | "setup";

export function LoginClient({ initialMode, callbackUrl, initialError }: { initialMode: Mode; callbackUrl: string; initialError: string | null }) {
  const [mode, setMode] = useState<Mode>(initialMode);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="w-full max-w-sm">
      <div className="mb-6 flex flex-col items-center text-center">
        <span className="mb-3 flex size-10 items-center justify-center rounded-lg bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900">
          <LogoIcon className="size-5" />
        </span>
        <h1 className="text-lg font-semibold tracking-tight">{mode === "setup" ? "Create the first admin" : "Sign in to Switchboard"}</h1>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          {mode === "setup"
            ? "This instance has no users yet. This form works once; the admin can add everyone else."
            : "Use the email and password your admin gave you."}
        </p>
      </div>
      <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        {mode === "setup" ? (
          <SetupForm
            onAlreadySetUp={() => {
              setNotice("This instance already has an admin. Sign in instead.");
              setMode("signin");
            }}
          />
        ) : (
          <SignInForm callbackUrl={callbackUrl} initialError={initialError} notice={notice} />
        )}
      </div>
    </div>
  );
}

function useSignInAndGo(target: string) {
  const router = useRouter();
  return async (email: string, password: string): Promise<SignInResult> => {
    const result = await signInWithPassword(email, password);
    if (result.outcome === "signed_in") {
      router.replace(target);
      router.refresh();
    }
    return result;
  };
}

function SignInForm({ callbackUrl, initialError, notice }: { callbackUrl: string; initialError: string | null; notice: string | null }) {
  const id = useId();
  const signInAndGo = useSignInAndGo(callbackUrl);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(initialError);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      // On success stay "pending" until the board has loaded, so the button can't be pressed twice.
      const result = await signInAndGo(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
      if (result.outcome !== "signed_in") {
        setError(signInFailureMessage(result));
        setPending(false);
      }
    } catch {
      setError("Could not reach the server. Try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {notice ? (
        <p
          role="status"
          className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-800 dark:border-blue-900/60 dark:bg-blue-950/40 dark:text-blue-300"
        >
          {notice}
        </p>
      ) : null}
      <FormError>{error}</FormError>
      <Field id={`${id}-email`} label="Email">
        <Input {...fieldProps(`${id}-email`, undefined)} name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field id={`${id}-password`} label="Password">
        <Input {...fieldProps(`${id}-password`, undefined)} name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" variant="primary" className="w-full" pending={pending}>
        Sign in
      </Button>
    </form>
  );
}

function SetupForm({ onAlreadySetUp }: { onAlreadySetUp: () => void }) {
  const id = useId();
  const createAdmin = useCreateFirstAdmin();
  // A brand-new instance has nothing in it yet: the new admin goes straight to the guided first run.
  const signInAndGo = useSignInAndGo("/welcome");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { name: String(form.get("name") ?? "").trim(), email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") };
    const local: Record<string, string> = {};
    if (!body.name) local.name = "Enter a name";
    if (!body.email) local.email = "Enter an email address";
    if (body.password.length < MIN_PASSWORD_LENGTH) local.password = `At least ${MIN_PASSWORD_LENGTH} characters`;
    setFieldErrors(local);
    setError(null);
    if (Object.keys(local).length) return;

    try {
      await createAdmin.mutateAsync(body);
    } catch (failure) {
      if (isApiError(failure) && failure.code === "setup_complete") return onAlreadySetUp();
      const fields = isApiError(failure) ? failure.fieldErrors() : {};
      setFieldErrors(fields);
      setError(Object.keys(fields).length ? null : errorMessage(failure));
      return;
    }
    setSigningIn(true);
    if ((await signInAndGo(body.email, body.password).catch(() => null))?.outcome !== "signed_in") {
      setSigningIn(false);
      setError("The admin was created, but signing in failed. Reload the page and sign in.");
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError>{error}</FormError>
      <Field id={`${id}-name`} label="Name" error={fieldErrors.name}>
        <Input {...fieldProps(`${id}-name`, fieldErrors.name)} name="name" autoComplete="name" required autoFocus />
      </Field>
      <Field id={`${id}-email`} label="Email" error={fieldErrors.email}>
        <Input {...fieldProps(`${id}-email`, fieldErrors.email)} name="email" type="email" autoComplete="username" required />
      </Field>
      <Field id={`${id}-password`} label="Password" error={fieldErrors.password} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        <Input
          {...fieldProps(`${id}-password`, fieldErrors.password, true)}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
        />
      </Field>
      <Button type="submit" variant="primary" className="w-full" pending={createAdmin.isPending || signingIn}>
        Create admin
      </Button>
    </form>
  );
}
