import { describe, expect, it } from "vitest";
import { clientIp, UNKNOWN_CLIENT_IP } from "./client-ip";

const from = (forwardedFor?: string) => clientIp(new Headers(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }));

describe("clientIp", () => {
  it("keys IPv4 callers by address and IPv6 callers by their /64, whichever way the address is written", () => {
    expect(from("203.0.113.7")).toBe("203.0.113.7");
    expect(from("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(from("2001:0DB8:0001:0002:bbbb:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(from("2001:db8::1")).toBe("2001:db8:0:0::/64");
  });

  it("takes the first entry, and shares one budget among callers with no or an absurd address", () => {
    expect(from("198.51.100.1, 10.0.0.1")).toBe("198.51.100.1");
    expect(from()).toBe(UNKNOWN_CLIENT_IP);
    expect(from("x".repeat(100))).toBe(UNKNOWN_CLIENT_IP);
  });
});
