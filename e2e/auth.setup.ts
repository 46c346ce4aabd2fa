// Signs the e2e admin in once, through next-auth's own endpoints, and saves the session for the browser specs.
import { test as setup } from "@playwright/test";
import { ADMIN_STORAGE_STATE, signInThroughNextAuth } from "./support";

setup("sign in the e2e admin and store the session", async ({ request }) => {
  await signInThroughNextAuth(request);
  await request.storageState({ path: ADMIN_STORAGE_STATE });
});
