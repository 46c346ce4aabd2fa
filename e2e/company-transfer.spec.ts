import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { json, setUpBoard, waitForHydration } from "./support";

/** A prefix no other company in this run holds: two letters, then the clock in base 36 (the API wants A–Z and 0–9). */
const freshPrefix = (lead: string) => `${lead}${Date.now().toString(36).toUpperCase().slice(-6)}`;

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`Settings → Export & import at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("exports a company, previews and applies it as a new company, and a second import finds nothing new", async ({ page, context, request, baseURL }) => {
      test.setTimeout(180_000);
      const name = `Transfer Works ${viewport.width}`;
      const { board, company } = await setUpBoard({ page, context, request, baseURL: baseURL! }, name);
      // The wide run downloads gzipped (uploaded again as base64), the phone run plain JSON: both paths through the UI.
      const gzip = viewport.width > 600;

      const titles = ["Port the billing job", "Write the migration guide", "Retire the old dashboard"];
      const issues: { id: string; identifier: string; title: string }[] = [];
      for (const title of titles) issues.push(await json(await request.post(`/api/companies/${company.id}/issues`, { data: { title }, headers: board }), 201));
      const commentBody = `Carried over from ${name}`;
      await json(await request.post(`/api/issues/${issues[0].id}/comments`, { data: { body: commentBody }, headers: board }), 201);
      await json(await request.post(`/api/issues/${issues[1].id}/comments`, { data: { body: "Second thread" }, headers: board }), 201);

      // Export: the counts come from exports/preview, the file from the download.
      await page.goto("/settings?tab=transfer");
      await expect(page.getByRole("tab", { name: "Export & import" })).toHaveAttribute("aria-selected", "true");
      // The section is a chunk of its own: a file chosen before it hydrates would reach no React handler.
      await waitForHydration(page.getByLabel("Choose export file"));
      await expect(page.locator('[aria-label="What the export holds"] [data-entity="issues"] dd')).toHaveText("3");
      await expect(page.locator('[aria-label="What the export holds"] [data-entity="comments"] dd')).toHaveText("2");
      const compress = page.getByLabel("Compress (gzip)");
      if (gzip) await expect(compress).toBeChecked();
      else await compress.uncheck();
      const downloading = page.waitForEvent("download");
      await page.getByRole("button", { name: "Download export" }).click();
      const download = await downloading;
      const fileName = download.suggestedFilename();
      expect(fileName).toMatch(new RegExp(`^${company.issuePrefix}-\\d{4}-\\d{2}-\\d{2}\\.switchboard\\.json${gzip ? "\\.gz" : ""}$`));
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sb-e2e-transfer-")), fileName);
      await download.saveAs(file);
      await expect(page.getByRole("status").filter({ hasText: `Saved ${fileName}` })).toBeVisible();

      // A file that is not an export is refused in the browser, before anything is uploaded.
      const chooser = page.getByLabel("Choose export file");
      await chooser.setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("these are notes, not JSON") });
      await expect(page.getByRole("alert").filter({ hasText: "notes.json is not a JSON export" })).toBeVisible();

      // Import as a new company: name and prefix prefilled from the bundle; the old prefix is taken, so a new one.
      await chooser.setInputFiles(file);
      await expect(page.getByTestId("chosen-file")).toContainText(fileName);
      await expect(page.getByRole("radio", { name: "New company" })).toBeChecked();
      await expect(page.getByLabel("Company name")).toHaveValue(name);
      await expect(page.getByLabel("Issue prefix")).toHaveValue(company.issuePrefix);
      const applyButton = page.getByRole("button", { name: "2. Apply import" });
      const previewButton = page.getByRole("button", { name: "1. Preview import" });
      await expect(applyButton).toBeDisabled();
      // The prefilled prefix is the exporting company's own: the preview refuses it on the field, and Apply stays off.
      await previewButton.click();
      await expect(page.getByText(`${company.issuePrefix} is already used by another company`).first()).toBeVisible();
      await expect(page.getByLabel("Issue prefix")).toHaveAttribute("aria-invalid", "true");
      await expect(applyButton).toBeDisabled();
      const newName = `${name} (moved)`;
      const newPrefix = freshPrefix("MV");
      await page.getByLabel("Company name").fill(newName);
      await page.getByLabel("Issue prefix").fill(newPrefix);
      await previewButton.click();

      const plan = page.getByRole("table", { name: "Import preview" });
      await expect(page.getByText("Switchboard bundle v1", { exact: true })).toBeVisible();
      await expect(plan.locator('tr[data-entity="issues"] td').nth(1)).toHaveText("3");
      await expect(plan.locator('tr[data-entity="issues"] td').nth(2)).toHaveText("0");
      await expect(plan.locator('tr[data-entity="comments"] td').nth(1)).toHaveText("2");
      await expect(plan.locator('tr[data-entity="issues"] td').nth(3)).toHaveText("0");
      await expect(page.getByText(`Into a new company, ${newName}, with the issue prefix ${newPrefix}.`)).toBeVisible();
      await expect(applyButton).toBeEnabled();

      // Apply: the phases end at Done and focus lands on the result's heading.
      await applyButton.click();
      const heading = page.getByRole("heading", { name: `Imported into ${newName}` });
      await expect(heading).toBeFocused();
      await expect(page.getByRole("list", { name: "Import progress" }).locator('[aria-current="step"]')).toHaveText("Done");
      const result = page.getByRole("table", { name: "Import result" });
      await expect(result.locator('tr[data-entity="issues"] td').nth(1)).toHaveText("3");
      await expect(result.locator('tr[data-entity="comments"] td').nth(1)).toHaveText("2");
      // The switcher, rendered by the server, now offers the new company.
      await expect(page.locator("option", { hasText: newName }).first()).toBeAttached();

      // Switch to it: the same issue numbers under the new prefix, with their threads.
      await page.getByRole("button", { name: `Switch to ${newName}` }).click();
      await expect(page).toHaveURL(/\/issues$/);
      for (const issue of issues) {
        const moved = `${newPrefix}-${issue.identifier.split("-").pop()}`;
        await expect(page.locator(`tr[data-issue="${moved}"]`)).toContainText(issue.title);
      }
      await page.goto(`/issues/${newPrefix}-${issues[0].identifier.split("-").pop()}`);
      // Markdown swaps in for the plain text once its chunk loads; whichever is shown, it is visible.
      await expect(page.getByText(commentBody).filter({ visible: true }).first()).toBeVisible();

      // The same file again, into the company it created: the preview and the apply both say nothing is new.
      await page.goto("/settings?tab=transfer");
      await waitForHydration(page.getByLabel("Choose export file"));
      await page.getByLabel("Choose export file").setInputFiles(file);
      await page.getByRole("radio", { name: `This company (${newName})` }).check();
      await page.getByRole("button", { name: "1. Preview import" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Nothing new to import" })).toBeVisible();
      const again = page.getByRole("table", { name: "Import preview" });
      await expect(again.locator('tr[data-entity="issues"] td').nth(1)).toHaveText("0");
      await expect(again.locator('tr[data-entity="comments"] td').nth(1)).toHaveText("0");
      await page.getByRole("button", { name: "2. Apply import" }).click();
      await expect(page.getByRole("heading", { name: "Nothing new to import" })).toBeFocused();

      const companies: { id: string; name: string }[] = await json(await request.get("/api/companies", { headers: board }), 200);
      const created = companies.find((candidate) => candidate.name === newName)!;
      const movedIssues: unknown[] = await json(await request.get(`/api/companies/${created.id}/issues`, { headers: board }), 200);
      expect(movedIssues).toHaveLength(3);
    });
  });
}
