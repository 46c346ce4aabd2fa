/** Agents named in a comment as @Name or @url-key (case-insensitive, whole mention only). */
export function mentionedAgentIds(body: string, agents: { id: string; name: string; urlKey: string }[]): string[] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return agents
    .filter((agent) => [agent.name, agent.urlKey].some((handle) => new RegExp(`(^|[^\\w@])@${escape(handle)}(?![\\w-])`, "i").test(body)))
    .map((agent) => agent.id);
}

/** Board users named in a comment as @Name or @email (case-insensitive, whole mention only), as agents are by mentionedAgentIds. */
export function mentionedUserIds(body: string, users: { id: string; name: string; email: string }[]): string[] {
  if (!body.includes("@")) return [];
  return mentionedAgentIds(
    body,
    users.map((user) => ({ id: user.id, name: user.name, urlKey: user.email })),
  );
}
