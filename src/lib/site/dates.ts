const FORMAT = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/**
 * A Notion date for readers: "May 1, 2024". The calendar day the author picked is kept (a date-time is
 * not shifted into another day by the server's time zone).
 */
export function formatDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
  const date = new Date(day ? `${day}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : FORMAT.format(date);
}
