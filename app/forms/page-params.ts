import { z } from "zod";

/** `?page=&pageSize=` for any server-paginated list: 400 on nonsense, never a 500. */
export const pageParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
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
