import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { seedUser } from "./support/fixtures";

type Authorize = (credentials: Record<string, string>, request: unknown) => Promise<{ id: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

describe("sign-in with email and password", () => {
  it("accepts the right password, refuses a wrong one and disabled users", async () => {
    const { user } = await seedUser({ password: "right-password" });
    expect(await authorize({ email: user.email.toUpperCase(), password: "right-password" }, {})).toMatchObject({ id: user.id });
    expect(await authorize({ email: user.email, password: "wrong-password" }, {})).toBeNull();
    const disabled = await seedUser({ password: "right-password", disabled: true });
    expect(await authorize({ email: disabled.user.email, password: "right-password" }, {})).toBeNull();
  });

  it("successful sign-ins never use up the allowance", async () => {
    const { user } = await seedUser({ password: "right-password" });
    for (let i = 0; i < 15; i += 1) expect(await authorize({ email: user.email, password: "right-password" }, {})).not.toBeNull();
  });

  it("stops password guessing: after 10 attempts even the right password is refused for a while", async () => {
    const { user } = await seedUser({ password: "right-password" });
    for (let i = 0; i < 10; i += 1) await authorize({ email: user.email, password: `guess-${i}` }, {});
    expect(await authorize({ email: user.email, password: "right-password" }, {})).toBeNull();
  });
});
