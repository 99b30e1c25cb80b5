/**
 * Every Redis key the app uses, in one place (documented in docs/kv-layout.md). All keys share a
 * prefix (`KV_PREFIX`, default "ns") so one database can hold several sites or isolated test runs.
 */
export function keysFor(prefix: string) {
  const k = (...parts: string[]) => [prefix, ...parts].join(":");
  return {
    prefix,
    /** The published generation: the one write that flips readers to a new sync. */
    current: k("current"),
    /** Per generation: the manifest's header (small); its entries are a hash beside it (manifest-store.ts). */
    manifest: (gen: string) => k("manifest", gen),
    manifestEntries: (gen: string) => k("manifest", "entries", gen),
    routes: (gen: string) => k("routes", gen),
    routesPrefix: k("routes", ""),
    /** Per generation: `i:<id>` → "slug\ttitle" and `s:<slug>` → "id\ttitle", for links and breadcrumbs. */
    links: (gen: string) => k("links", gen),
    linksPrefix: k("links", ""),
    bundle: (id: string, gen: string) => k("bundle", id, gen),
    fileUrl: (ownerId: string, field: string) => k("file", ownerId, field),
    /** Per generation: the files its pages show, `<ownerId>:<field>` → page id (what /api/files serves). */
    files: (gen: string) => k("files", gen),
    filesPrefix: k("files", ""),
    /** Notion calls made for readers (/api/files) in one time window, shared by every instance. */
    readerBudget: (window: number) => k("budget", "readers", String(window)),
    job: (jobId: string) => k("job", jobId),
    jobs: k("jobs"),
    /** Per concurrency key: the job that runs (or is about to), and the one queued right after it. */
    activeJob: (concurrencyKey: string) => k("active", concurrencyKey),
    queuedJob: (concurrencyKey: string) => k("queued", concurrencyKey),
    /** A job's live side: the running step's progress, the next message id, a cancel request. */
    jobLive: (jobId: string) => k("job", jobId, "live"),
    lock: (name: string) => k("lock", name),
    work: (jobId: string, part: WorkPart) => k("work", jobId, part),
    webhookDedup: (entityId: string) => k("webhook", entityId),
    /** A QStash message a trigger took (a schedule's delivery): the job it started (delivery-dedup.ts). */
    delivery: (messageId: string) => k("delivery", messageId),
    /** The admin session version: a session cookie is valid only while it carries this number. */
    sessionVersion: k("admin", "session-version"),
  };
}

export type Keys = ReturnType<typeof keysFor>;

/** The parts of a sync's scratch space (sync-work.ts). */
export type WorkPart =
  "seen" | "queue" | "queued" | "entries" | "failed" | "cut" | "partial" | "listed" | "files";
