/**
 * What `next build` prerenders of `/{slug…}`. Next requires at least one entry; the site's pages are
 * rendered on their first request instead (the build needs no KV, and its time does not grow with the
 * site), so this is one path that is never a page: it is prerendered as the site's 404.
 */
export const PRERENDERED_PARAMS = [{ slug: ["_not-a-page"] }];
