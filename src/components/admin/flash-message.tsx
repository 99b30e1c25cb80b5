import { errorText, noticeText } from "@/lib/admin/notices";

interface FlashProps {
  notice?: string | string[];
  error?: string | string[];
  /** For `error=config`: the variable the configuration error named. */
  variable?: string | string[];
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The message an action left in the query string (codes only, see notices.ts). */
export function FlashMessage({ notice, error, variable }: FlashProps) {
  const errorMessage = errorText(first(error));
  const noticeMessage = noticeText(first(notice));
  const named = first(variable);
  const variableNote = named && /^[A-Z][A-Z0-9_]{1,60}$/.test(named) ? ` Check ${named}.` : "";
  return (
    <>
      {errorMessage ? (
        <p className="admin-flash" data-kind="error" role="alert">
          {errorMessage}
          {variableNote}
        </p>
      ) : null}
      {noticeMessage ? (
        <p className="admin-flash" data-kind="notice" role="status">
          {noticeMessage}
        </p>
      ) : null}
    </>
  );
}
