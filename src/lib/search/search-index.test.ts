import { describe, expect, it } from "vitest";
import { chunkText } from "./chunks";
import { SearchIndex } from "./search-index";
import { snippetHtml, snippetParts } from "./snippet";
import { foldText } from "./text-fold";

const doc = (id: string, title: string, text: string) => ({
  id,
  title,
  text,
  breadcrumb: ["Home"],
  url: `/${id}`,
  sig: id,
  tg: "g1",
});

function sample(): SearchIndex {
  const index = SearchIndex.empty();
  index.put(doc("recette", "Crème brûlée au château", "Une recette de l'été, servie à la forêt."));
  index.put(doc("desserts", "Desserts", "Nous avons goûté une crème brûlée près du château."));
  index.put(doc("garden", "Gardening", "Tomatoes, basil and a lighthouse keeper's notes."));
  return index;
}

const ids = (index: SearchIndex, q: string) => index.search(q, 10).map((h) => h.id);

describe("search index", () => {
  it("folds accents and case both ways", () => {
    expect(foldText("Été CŒUR Château")).toBe("ete coeur chateau");
    expect(ids(sample(), "creme brulee")).toEqual(["recette", "desserts"]);
    expect(ids(sample(), "ÉTÉ")).toEqual(["recette"]);
  });

  it("ranks a title match above a body match", () => {
    expect(ids(sample(), "chateau")[0]).toBe("recette");
  });

  it("finds words by their start, as you type", () => {
    expect(ids(sample(), "lightho")).toEqual(["garden"]);
    expect(ids(sample(), "chât")).toEqual(["recette", "desserts"]);
  });

  it("finds a word with one typo, not with two", () => {
    expect(ids(sample(), "lighthoise")).toEqual(["garden"]);
    expect(ids(sample(), "ligthouse")).toEqual(["garden"]);
    expect(ids(sample(), "lixhthoise")).toEqual([]);
  });

  it("replaces and removes documents, and survives serialisation", async () => {
    const index = sample();
    index.put(doc("garden", "Gardening", "Only courgettes now."));
    index.remove("desserts");
    const loaded = SearchIndex.fromJSON(await index.toJSON());
    expect(ids(loaded, "lighthouse")).toEqual([]);
    expect(ids(loaded, "courgettes")).toEqual(["garden"]);
    expect(ids(loaded, "creme")).toEqual(["recette"]);
    expect(loaded.ids().sort()).toEqual(["garden", "recette"]);
    expect(loaded.stored("garden")).toMatchObject({ url: "/garden", breadcrumb: ["Home"], tg: "g1" });
  });
});

describe("snippets", () => {
  it("marks the matched words, accents folded, and escapes the page's text", () => {
    const parts = snippetParts("Voir <b>la</b> forêt & l'été.", ["foret", "ete"]);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(["forêt", "été"]);
    expect(snippetHtml(parts)).toBe(
      "Voir &lt;b&gt;la&lt;/b&gt; <mark>forêt</mark> &amp; l&#39;<mark>été</mark>.",
    );
  });

  it("shows the part of a long text where the matches are", () => {
    const text = `${"filler ".repeat(200)}the unique marker is here ${"tail ".repeat(200)}`;
    const html = snippetHtml(snippetParts(text, ["marker"]));
    expect(html).toContain("<mark>marker</mark>");
    expect(html.startsWith("… ")).toBe(true);
    expect(html.length).toBeLessThan(260);
  });

  it("shows where one block ends and the next begins", () => {
    expect(snippetHtml(snippetParts("First paragraph\nSecond has the marker", ["marker"]))).toBe(
      "First paragraph · Second has the <mark>marker</mark>",
    );
  });

  it("marks words that a query word starts", () => {
    const parts = snippetParts("Lighthouses and lights", ["light"]);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(["Lighthouses", "lights"]);
  });
});

describe("chunks", () => {
  it("cuts text into pieces of at most the byte limit that join back", () => {
    const text = `${"é".repeat(1000)}${"😀".repeat(500)}${"a".repeat(3000)}`;
    const chunks = chunkText(text, 100);
    expect(chunks.join("")).toBe(text);
    for (const c of chunks) expect(Buffer.byteLength(c)).toBeLessThanOrEqual(100);
    expect(chunks.every((c) => !/[\uD800-\uDBFF]$/.test(c))).toBe(true);
  });
});
