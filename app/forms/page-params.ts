import { z } from "zod";

/** A whole number written in decimal digits: "0x10", "1e2", " 3" and "" are refused, not read as numbers. */
const decimal = (min: number, max: number) =>
  z.union([z.number(), z.string().regex(/^\d{1,7}$/).transform(Number)]).pipe(z.number().int().min(min).max(max));

/** `?page=&pageSize=` for any server-paginated list: 400 on nonsense, never a 500. */
export const pageParamsSchema = z.object({
  page: decimal(1, 100_000).default(1),
  pageSize: decimal(1, 100).default(20),
});
export type PageParams = z.infer<typeof pageParamsSchema>;

export function readPageParams(url: URL, defaults: Partial<PageParams> = {}): PageParams {
  const parsed = pageParamsSchema.safeParse({
    page: url.searchParams.get("page") ?? defaults.page ?? undefined,
    pageSize: url.searchParams.get("pageSize") ?? defaults.pageSize ?? undefined,
  });
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  return parsed.data;
}
