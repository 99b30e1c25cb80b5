import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, demoPostId } from "../../dev/notion";
import { readManifestOf } from "@/lib/store/generations";
import { readRoute } from "@/lib/store/site-reader";
import { readRedirect } from "@/lib/store/slug-history";
import { startTestCloud, type TestCloud } from "../helpers/cloud";
import { syncNow } from "../helpers/sync";

const T0 = Date.parse("2026-03-02T10:00:05.000Z");

let cloud: TestCloud;
afterEach(() => cloud.close());
beforeEach(async () => {
  cloud = await startTestCloud();
  cloud.notion.clock.set(T0);
});

async function sync(mode: "incremental" | "force" = "incremental") {
  cloud.notion.clock.advance(2 * 60_000);
  return (await syncNow(cloud, { mode })).manifest;
}

/** Where a slug leads: the page it serves, or the slug it redirects to, or nothing. */
async function resolve(slug: string) {
  const route = await readRoute(cloud.store, slug);
  if (route.state === "found") return { page: route.bundle.id };
  return { redirect: await readRedirect(cloud.store, slug) };
}

describe("stable URLs", () => {
  it("an old slug redirects after a rename, a move and a Slug change, through later and force syncs", async () => {
    const first = await sync("force");
    const about = first.entries[DEMO_IDS.about]!.slug;
    const deepDive = first.entries[DEMO_IDS.deepDive]!.slug;
    const post = first.entries[demoPostId(0)]!.slug;
    expect(deepDive).toBe("docs/guides/deep-dive");

    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About us, edited");
    cloud.notion.workspace.movePage(DEMO_IDS.deepDive, DEMO_IDS.docs);
    cloud.notion.workspace.updateRowProperties(demoPostId(0), { Slug: "a-brand-new-slug" });
    const moved = await sync();
    const now = {
      about: moved.entries[DEMO_IDS.about]!.slug,
      deepDive: moved.entries[DEMO_IDS.deepDive]!.slug,
      post: moved.entries[demoPostId(0)]!.slug,
    };
    expect(now).toEqual({
      about: "about-us-edited",
      deepDive: "docs/deep-dive",
      post: "blog/a-brand-new-slug",
    });
    for (const round of ["incremental", "incremental", "force", "incremental"] as const) {
      expect(await resolve(about), round).toEqual({ redirect: now.about });
      expect(await resolve(deepDive), round).toEqual({ redirect: now.deepDive });
      expect(await resolve(post), round).toEqual({ redirect: now.post });
      // The id, dashed or not, leads to the current slug too.
      expect(await resolve(DEMO_IDS.about), round).toEqual({ redirect: now.about });
      expect(await resolve(DEMO_IDS.deepDive.replace(/-/g, "")), round).toEqual({ redirect: now.deepDive });
      await sync(round);
    }
    // A chain of renames: every slug the page ever had leads to the newest.
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "Who we are");
    await sync();
    expect(await resolve(about)).toEqual({ redirect: "who-we-are" });
    expect(await resolve("about-us-edited")).toEqual({ redirect: "who-we-are" });
    expect(await resolve(DEMO_IDS.home)).toEqual({ redirect: "" });
  });

  it("a new page that takes an old slug gets it; a redirect to a trashed or draft page is a 404", async () => {
    const first = await sync("force");
    const about = first.entries[DEMO_IDS.about]!.slug;
    const post = first.entries[demoPostId(0)]!.slug;
    cloud.notion.workspace.setPageTitle(DEMO_IDS.about, "About us, edited");
    cloud.notion.workspace.setPageTitle(DEMO_IDS.contact, "Contact, renamed");
    await sync();
    expect(await resolve(about)).toEqual({ redirect: "about-us-edited" });

    const newcomer = cloud.notion.workspace.addPage(DEMO_IDS.home, { title: "About" });
    let manifest = await sync();
    expect(manifest.entries[newcomer]?.slug).toBe(about);
    expect(await resolve(about)).toEqual({ page: newcomer });
    await sync("force");
    expect(await resolve(about)).toEqual({ page: newcomer });

    // The renamed contact page is trashed: its old and current slugs answer nothing.
    const contactSlug = first.entries[DEMO_IDS.contact]!.slug;
    cloud.notion.workspace.trashPage(DEMO_IDS.contact);
    manifest = await sync("force");
    expect(manifest.entries[DEMO_IDS.contact]).toBeUndefined();
    expect(await resolve(contactSlug)).toEqual({ redirect: null });
    expect(await resolve("contact-renamed")).toEqual({ redirect: null });
    expect(await resolve(DEMO_IDS.contact)).toEqual({ redirect: null });

    // A published post becomes a draft: its old URL does not reveal where it went.
    cloud.notion.workspace.updateRowProperties(demoPostId(0), { Slug: "moved-post" });
    await sync();
    expect(await resolve(post)).toEqual({ redirect: "blog/moved-post" });
    cloud.notion.workspace.updateRowProperties(demoPostId(0), { Published: false });
    manifest = await sync();
    const synced = await readManifestOf(cloud.store, manifest.generation);
    expect(synced?.drafts?.[demoPostId(0)]).toBeDefined();
    expect(await resolve(post)).toEqual({ redirect: null });
    expect(await resolve("blog/moved-post")).toEqual({ redirect: null });
    expect(await resolve(demoPostId(0))).toEqual({ redirect: null });
  });
});
