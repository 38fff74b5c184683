/**
 * Pinyin sort keys. The embedded database has no collation, so names carry a key written
 * with them: syllables without tones, space-separated so syllable boundaries sort first
 * (西安 "xi an" before 仙 "xian") the way a Chinese reader expects, plus the initials for quick search (e.g. "ycsxqz").
 */
import { pinyin } from "pinyin-pro";

export function pinyinSortKey(name: string): string {
  return pinyin(name, { toneType: "none", type: "array", nonZh: "consecutive" }).join(" ").toLowerCase();
}

export function pinyinInitials(name: string): string {
  return pinyin(name, { pattern: "first", toneType: "none", type: "array", nonZh: "consecutive" }).join("").toLowerCase();
}
