import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { Actor, AgentActor, BoardActor } from "../auth/actor";
import type { ErrorCode } from "../error-codes";

// The shape of a declared operation, apart from the wrapper that runs it, so the registry can name it too.

/** "signature": no session or key is read; the request proves itself (a webhook's signature) and its handler checks that. */
export type AuthMode = "public" | "signature" | "board" | "agent" | "either";
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type ActorFor<A extends AuthMode> = A extends "public"
  ? Actor | null
  : A extends "signature"
    ? null
    : A extends "board"
      ? BoardActor
      : A extends "agent"
        ? AgentActor
        : Actor;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export type HandlerContext<A extends AuthMode, P, Q, B> = {
  actor: ActorFor<A>;
  params: Output<P>;
  query: Output<Q>;
  body: Output<B>;
  requestId: string;
  /** X-Paperclip-Run-Id (or X-AImetier-Run-Id): the heartbeat run an agent acts for. */
  runId: string | null;
  request: NextRequest;
  /** The body exactly as sent (a signature covers these bytes), or undefined for a read. */
  rawBody: string | undefined;
};

export type Operation<A extends AuthMode = AuthMode, P = unknown, Q = unknown, B = unknown> = {
  summary: string;
  description?: string;
  tags?: string[];
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status; 200 unless given (creates say 201). */
  status?: number;
  /** Further success statuses a handler answers with through its own Response, each with what it means, for OpenAPI. */
  otherStatuses?: Readonly<Record<number, string>>;
  bodyLimitBytes?: number;
  /**
   * Codes the handler's domain calls can throw, beyond those the wrapper adds itself (`wrapperErrorCodes`). The
   * OpenAPI document lists them per status; test runs record any code that escapes undeclared.
   */
  errors?: readonly ErrorCode[];
  handler: (context: HandlerContext<NoInfer<A>, NoInfer<P>, NoInfer<Q>, NoInfer<B>>) => unknown | Promise<unknown>;
};
