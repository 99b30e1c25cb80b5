"use server";

import { redirect } from "next/navigation";
import { endAdminSession, LOGIN_PATH, requireAdmin, startAdminSession } from "@/lib/admin/guard";
import { isSyncSecret } from "@/lib/admin/secret-check";
import { isConfigError } from "@/lib/config";
import { isJobInputError, isJobStateError, type JobStateReason } from "@/lib/jobs/errors";
import { cancelJob, retryDeadLetterJob } from "@/lib/jobs/control";
import { startJob } from "@/lib/jobs/start";
import { createLogger } from "@/lib/log";
import { deleteDeadLetter, isDeadLetterError } from "@/lib/queue/dlq";
import { getQueue } from "@/lib/queue/qstash";
import { getRuntime } from "@/lib/runtime";
import { SYNC_JOB } from "@/lib/sync/job";
import type { SyncParams } from "@/lib/sync/types";

// Every action checks the session itself: an action can be posted without ever rendering its page.
// `redirect` works by throwing, so it is always called outside try/catch.

const log = createLogger();

function configTarget(base: string, error: unknown): string | null {
  return isConfigError(error) ? `${base}?error=config&variable=${encodeURIComponent(error.variable)}` : null;
}

export async function signIn(formData: FormData): Promise<void> {
  const typed = formData.get("secret");
  let valid = false;
  let target: string | null = null;
  try {
    valid = typeof typed === "string" && isSyncSecret(typed);
  } catch (error) {
    target = configTarget(LOGIN_PATH, error);
    if (!target) throw error;
  }
  if (target) redirect(target);
  if (!valid) {
    log.warn("admin_sign_in_refused");
    redirect(`${LOGIN_PATH}?error=wrong-secret`);
  }
  await startAdminSession();
  redirect("/admin");
}

export async function signOut(): Promise<void> {
  await endAdminSession();
  redirect(`${LOGIN_PATH}?notice=signed-out`);
}

function errorTarget(error: unknown): string {
  const config = configTarget("/admin", error);
  if (config) return config;
  if (isJobInputError(error)) {
    const known: Record<string, string> = { needs_site: "needs-site", unknown_page: "unknown-page" };
    return `/admin?error=${known[error.reason] ?? "bad-input"}`;
  }
  log.error("dashboard_sync_failed", { error: error instanceof Error ? error.message : String(error) });
  return "/admin?error=queue";
}

async function enqueueFromDashboard(params: SyncParams): Promise<void> {
  await requireAdmin();
  let target: string;
  try {
    const { job, coalesced, queuedBehind } = await startJob(getRuntime(), SYNC_JOB, params, "dashboard");
    const notice = coalesced ? "coalesced" : queuedBehind ? "queued" : "started";
    target = `/admin/jobs/${job.id}?notice=${notice}`;
  } catch (error) {
    target = errorTarget(error);
  }
  redirect(target);
}

export async function syncNow(): Promise<void> {
  await enqueueFromDashboard({ mode: "incremental" });
}

export async function forceSync(): Promise<void> {
  await enqueueFromDashboard({ mode: "force" });
}

export async function syncPage(formData: FormData): Promise<void> {
  await requireAdmin();
  const page = formData.get("page");
  if (typeof page !== "string" || !/^[\p{L}\p{N}/_-]{1,300}$/u.test(page.trim()))
    redirect("/admin?error=no-page");
  await enqueueFromDashboard({ mode: "page", page: page.trim() });
}

/** Cancel a job from its page: at once between steps, at the running step's next checkpoint otherwise. */
export async function cancelJobAction(formData: FormData): Promise<void> {
  await requireAdmin();
  const jobId = formData.get("jobId");
  if (typeof jobId !== "string" || !/^j[0-9a-z]{6,30}$/.test(jobId)) redirect("/admin/jobs?error=no-job");
  let target = `/admin/jobs/${jobId}?notice=cancel-requested`;
  try {
    const result = await cancelJob(getRuntime(), jobId);
    if (!result) target = "/admin/jobs?error=no-job";
    else if (result.outcome === "cancelled") target = `/admin/jobs/${jobId}?notice=cancelled`;
  } catch (error) {
    if (isJobStateError(error)) target = `/admin/jobs/${jobId}?error=cancel-ended`;
    else target = configTarget(`/admin/jobs/${jobId}`, error) ?? `/admin/jobs/${jobId}?error=cancel-failed`;
  }
  redirect(target);
}

// Codes, never free text, in the redirect (see notices.ts).
const RETRY_REFUSALS: Record<JobStateReason, string> = {
  busy: "retry-busy",
  not_failed: "retry-ended",
  ended: "retry-ended",
  job_gone: "retry-gone",
  stale_step: "retry-stale",
  no_letter: "dlq-missing",
  no_queue: "dlq-unreachable",
};

type DlqAction = (dlqId: string) => Promise<unknown>;

async function onDeadLetter(formData: FormData, act: DlqAction, done: string): Promise<void> {
  await requireAdmin();
  const dlqId = formData.get("dlqId");
  let target = `/admin/dlq?notice=${done}`;
  if (typeof dlqId !== "string" || !/^[\w-]{1,200}$/.test(dlqId)) {
    target = "/admin/dlq?error=dlq-missing";
  } else {
    try {
      await act(dlqId);
    } catch (error) {
      if (isJobStateError(error)) target = `/admin/dlq?error=${RETRY_REFUSALS[error.reason]}`;
      else if (isDeadLetterError(error) && error.code === "dlq_not_found")
        target = "/admin/dlq?error=dlq-missing";
      else target = configTarget("/admin/dlq", error) ?? "/admin/dlq?error=dlq-unreachable";
    }
  }
  redirect(target);
}

export async function retryDeadLetterAction(formData: FormData): Promise<void> {
  // A step of a failed job resumes that job (or the retry is refused with the reason); never a silent no-op.
  await onDeadLetter(formData, (id) => retryDeadLetterJob(getRuntime(), id), "retried");
}

export async function deleteDeadLetterAction(formData: FormData): Promise<void> {
  await onDeadLetter(formData, (id) => deleteDeadLetter(getQueue(), id), "deleted");
}
