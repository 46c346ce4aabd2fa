import { redirect } from "next/navigation";
import { requireBoardContext } from "@/lib/session";

/** Needs me is the board's front page; a user without a company has nothing there yet, so the guided setup instead. */
export default async function Home() {
  const { companyId } = await requireBoardContext();
  redirect(companyId ? "/needs-me" : "/welcome");
}
