/**
 * A Content-Disposition that every browser reads safely: an ASCII fallback `filename` (no
 * quotes, backslashes or control characters, so it cannot break out of the header) and the
 * real, possibly Chinese, name as RFC 5987 `filename*`.
 */
export function contentDisposition(name: string, disposition: "attachment" | "inline" = "attachment"): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%;]/g, "_").trim() || "download";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
