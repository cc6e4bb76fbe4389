import { SIMPLIFIED_PAIRS } from './simplified-only.ts';
import { insideAny, quotedTitles } from './text.ts';

/**
 * Japanese text must be written in Japanese characters: a simplified Chinese character
 * (侨, 领, 战) copied from the source is a character a Japanese reader may not know and
 * a Japanese font may draw in a foreign shape. Chinese quotation marks “…” are not
 * Japanese punctuation either: Japanese quotes with 「…」 and 『…』.
 *
 * The list of characters (simplified-only.ts) leaves out every character that is also
 * traditional (广) or a Japanese form (国 医 会 学 体 気 広 are Japanese), so only true
 * simplified forms are reported. A Chinese title quoted as such in 《…》 is not read.
 */

const JAPANESE_FOR = new Map<string, string>();
for (const line of SIMPLIFIED_PAIRS) {
  const chars = [...line];
  for (let i = 0; i + 1 < chars.length; i += 2) JAPANESE_FOR.set(chars[i] as string, chars[i + 1] as string);
}

export interface ScriptFinding {
  index: number;
  /** The word with simplified characters in it (侨领), or the quotation “…”. */
  text: string;
  kind: 'simplified' | 'quotes';
  /** The word as Japanese writes it (僑領), for simplified characters. */
  instead?: string;
}

/**
 * Simplified characters and Chinese quotation marks in a Japanese text, outside 《…》:
 * one finding per word (a run of kanji) and per quotation, so that 谢谢你们 is one thing
 * to fix and not three.
 */
export function japaneseScriptFindings(text: string): ScriptFinding[] {
  const quoted = quotedTitles(text);
  const found: ScriptFinding[] = [];
  for (const m of text.matchAll(/\p{Script=Han}+/gu)) {
    if (insideAny(quoted, m.index)) continue;
    const chars = [...m[0]];
    if (!chars.some((c) => JAPANESE_FOR.has(c))) continue;
    found.push({ index: m.index, text: m[0], kind: 'simplified', instead: chars.map((c) => JAPANESE_FOR.get(c) ?? c).join('') });
  }
  for (const m of text.matchAll(/\u201c[^\u201c\u201d]*\u201d|[\u201c\u201d]/g)) {
    if (!insideAny(quoted, m.index)) found.push({ index: m.index, text: m[0], kind: 'quotes' });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Whether a character is on the list (for tests and for the guide's examples). */
export const isSimplifiedOnly = (ch: string) => JAPANESE_FOR.has(ch);
