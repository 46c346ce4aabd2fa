import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runTitle } from "@/components/runs/labels";
import { RenderTimeProvider } from "@/components/ui/clock";
import { Time, formatRelative } from "@/components/ui/format";

const RENDERED_AT = Date.parse("2026-12-04T10:00:00Z");

/** What the server writes (and hydration must write again) for a Time inside the board layout's render-time provider. */
function serverHtml(props: React.ComponentProps<typeof Time>) {
  return renderToStaticMarkup(createElement(RenderTimeProvider, { at: RENDERED_AT, children: createElement(Time, props) }));
}

describe("Time on the server (and during hydration)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes relative times against the layout's render time, not the process clock, so hydration writes the same text", () => {
    // The process clock is hours away from the render time: it must not leak into the text (React #418 on cold loads).
    vi.useFakeTimers({ now: Date.parse("2026-12-04T17:31:00Z") });
    const html = serverHtml({ value: "2026-12-04T09:55:00Z", relative: true });
    expect(html).toContain(">5 min ago</time>");
    expect(html).toContain('dateTime="2026-12-04T09:55:00Z"');
    expect(html).toContain('title="Dec 4, 2026, 9:55 AM UTC"');
  });

  it("writes a time written after the render (a clock running ahead) as just now, not as a date", () => {
    expect(serverHtml({ value: "2026-12-04T10:00:20Z", relative: true })).toContain(">just now</time>");
  });

  it("writes absolute dates in UTC whatever the process time zone, so a browser in another zone hydrates the same text", () => {
    // 23:30 UTC is already the next day east of UTC: the local format would disagree with a browser elsewhere.
    const html = serverHtml({ value: "2026-12-04T23:30:00Z" });
    expect(html).toContain(">Dec 4, 2026</time>");
    expect(serverHtml({ value: "2026-12-04T23:30:00Z", withTime: true })).toContain(">Dec 4, 2026, 11:30 PM UTC</time>");
  });

  it("writes a dash for a missing time", () => {
    expect(serverHtml({ value: null })).toContain("—");
  });

  it("falls back to a UTC date for times older than a month when asked for UTC", () => {
    expect(formatRelative("2026-10-01T23:30:00Z", RENDERED_AT, true)).toBe("Oct 1, 2026");
  });
});

describe("runTitle", () => {
  it("names the wake reasons the scheduler uses in words", () => {
    expect(runTitle({ wakeReason: "issue_commented" })).toBe("New comment on an issue");
    expect(runTitle({ wakeReason: "issue_assigned" })).toBe("Assigned an issue");
    expect(runTitle({ wakeReason: "heartbeat_timer" })).toBe("Scheduled heartbeat");
    expect(runTitle({ wakeReason: "workspace_finalizing" })).toBe("Finalizing a workspace");
  });

  it("unslugs an unknown slug and keeps a caller's own sentence as written", () => {
    expect(runTitle({ wakeReason: "nightly_backfill" })).toBe("Nightly backfill");
    expect(runTitle({ wakeReason: "Check the deploy, please" })).toBe("Check the deploy, please");
    expect(runTitle({ wakeReason: null })).toBe("Run");
  });
});
