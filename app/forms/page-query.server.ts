/**
 * Paging, one way for every list: `readPage` for a list read from the database, `pageOf` for a
 * list already in memory (a read-model copy).
 *
 * One page of a list read from the database: how many rows match and the rows of the asked page,
 * read at once. The caller builds both queries (filter, projection, sort); this adds the paging.
 */
import type { PageParams } from "./page-params";

interface PageableQuery<Rows> {
  skip(count: number): PageableQuery<Rows>;
  limit(count: number): PageableQuery<Rows>;
  exec(): Promise<Rows>;
}

export async function readPage<Rows>(count: PromiseLike<number>, rows: PageableQuery<Rows>, { page, pageSize }: PageParams): Promise<{ total: number; rows: Rows }> {
  const [total, pageRows] = await Promise.all([count, rows.skip((page - 1) * pageSize).limit(pageSize).exec()]);
  return { total, rows: pageRows };
}

/** One page of a list already in memory (a read-model copy, ADR 007). */
export function pageOf<Row>(rows: readonly Row[], { page, pageSize }: PageParams): { total: number; rows: Row[] } {
  return { total: rows.length, rows: rows.slice((page - 1) * pageSize, page * pageSize) };
}
