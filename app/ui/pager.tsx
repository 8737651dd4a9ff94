import { Link } from "@remix-run/react";

/**
 * Previous / next links for a paged list. Keeps the current filters: `filters` are the
 * query parameters to carry over (empty values are dropped).
 */
export function Pager({
  page,
  pageCount,
  filters,
}: {
  page: number;
  pageCount: number;
  filters: Record<string, string | number | undefined>;
}) {
  if (pageCount <= 1) return null;
  const href = (target: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters))
      if (value !== undefined && value !== "" && key !== "page") params.set(key, String(value));
    params.set("page", String(target));
    return `?${params}`;
  };
  return (
    <nav aria-label="Pages" className="pager">
      {page > 1 ? <Link to={href(page - 1)}>← Previous</Link> : <span />}
      <span className="muted small">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? <Link to={href(page + 1)}>Next →</Link> : <span />}
    </nav>
  );
}
