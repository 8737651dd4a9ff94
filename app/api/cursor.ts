/** Opaque keyset cursors: the last id of the previous page, base64url-encoded. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString("base64url");
}

/** The id after which the next page starts (0 for the first page); null for a bad cursor. */
export function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return 0;
  const match = /^id:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString());
  return match ? Number(match[1]) : null;
}

/** Splits `limit + 1` rows into a page and the cursor of the next one. */
export function paginate<T extends { id: number }>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
