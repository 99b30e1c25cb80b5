"use client";

import { useEffect } from "react";

/** The search box to focus: the search page's own, else the one in the header. */
function searchInput(): HTMLInputElement | null {
  return (
    document.querySelector<HTMLInputElement>("#search-query") ??
    document.querySelector<HTMLInputElement>("#site-search")
  );
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * "/" or Ctrl/Cmd+K focuses the search box (with JavaScript; without it, the header's search form and
 * the /search page work on their own). "/" is left alone while the reader types in a field.
 */
export function SearchShortcut() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const commandK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!commandK && !(slash && !isTyping(event.target))) return;
      const input = searchInput();
      if (!input) return;
      event.preventDefault();
      input.focus();
      input.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return null;
}
