import mongoose from "mongoose";

/** A route's `:id` as an ObjectId; anything else is a 404 (never a cast error and a 500). */
export function objectIdOr404(value: string | undefined): mongoose.Types.ObjectId {
  if (!value || !/^[0-9a-f]{24}$/i.test(value)) throw new Response("Not Found", { status: 404 });
  return new mongoose.Types.ObjectId(value);
}

/** Literal text for a case-insensitive `$regex` (user input never becomes a pattern). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
