import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FlashMessage } from "@/components/admin/flash-message";
import { hasAdminSession } from "@/lib/admin/guard";
import { isConfigError } from "@/lib/config";
import { signIn } from "../actions";

// Per request (the session, live job data): the dashboard renders on every request, never from a cache.
export const instant = false;

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<Record<string, string | string[] | undefined>>;

async function signedIn(): Promise<{ signedIn: boolean; configProblem: string | null }> {
  try {
    return { signedIn: await hasAdminSession(), configProblem: null };
  } catch (error) {
    if (isConfigError(error)) return { signedIn: false, configProblem: error.message };
    throw error;
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const state = await signedIn();
  if (state.signedIn) redirect("/admin");
  const query = await searchParams;
  return (
    <main id="admin-main" className="admin-main admin-login">
      <h1>Sign in to the dashboard</h1>
      <FlashMessage notice={query.notice} error={query.error} variable={query.variable} />
      {state.configProblem ? (
        <p className="admin-flash" data-kind="error" role="alert">
          {state.configProblem}
        </p>
      ) : null}
      <form action={signIn} className="admin-card admin-login-form">
        <label htmlFor="secret">Sync secret</label>
        <p id="secret-help" className="muted small">
          The value of SYNC_SECRET (or CRON_SECRET) in the app&apos;s environment.
        </p>
        <input
          id="secret"
          name="secret"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby="secret-help"
        />
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
