/**
 * The one rule for text that people type into the portal, used by every schema (the
 * donation offer, the status lookup, staff notes and reasons). Text is data: HTML, SQL,
 * emoji, CJK, Arabic and accents are kept exactly. What is refused are characters that
 * nobody sees but that change what others see or what a program does with the text:
 *
 * - `invalidCharacters`: broken UTF-16, C0 control characters and DEL (PostgreSQL cannot
 *   store NUL; a line break has no place in a one-line field).
 * - `invisibleCharacters`: C1 control characters, bidirectional controls (an override
 *   turns `ACME‮gro.` into a look-alike in the staff list, the CSV and the public
 *   thank-you list), zero-width and other invisible format characters (two names that
 *   look the same but are different strings), and U+2028/U+2029 (a line break in a
 *   one-line field, which lands in the middle of a staff mail).
 *
 * Multi-line text (notes, reasons) keeps its line breaks (U+2028 and U+2029 become
 * ordinary ones) and may use zero-width characters and the left-to-right and
 * right-to-left marks, which right-to-left writing needs; it still refuses C1 controls
 * and the bidi embeddings, overrides and isolates, which can reorder whole lines.
 *
 * Everything is normalised to NFC first, so `é` typed as `e` + accent and `é` typed as
 * one character are the same name.
 */

export type TextProblem = 'invalidCharacters' | 'invisibleCharacters';

export interface TextOptions {
  /** Notes and reasons: line breaks are data. */
  multiline?: boolean;
}

export type TextResult = { value: string; problem?: undefined } | { value?: undefined; problem: TextProblem };

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what these find
const C0_ONE_LINE = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: tab, line feed and carriage return are data in notes
const C0_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Refused in every field: C1 controls (U+0080–U+009F), bidi embeddings and overrides
 * (U+202A–U+202E), bidi isolates (U+2066–U+2069), and the deprecated format controls
 * U+206A–U+206F.
 */
const ALWAYS_INVISIBLE = /[\u0080-\u009f\u202a-\u202e\u2066-\u206f]/u;

/**
 * Refused in one-line fields as well: the bidi marks (U+061C, U+200E, U+200F), line and
 * paragraph separators, soft hyphen, combining grapheme joiner, zero-width space, word
 * joiner and invisible operators (U+2060–U+2064), byte-order mark, Mongolian vowel
 * separator, Hangul fillers (used to make names that look blank), interlinear
 * annotation controls, and tag characters outside an emoji flag. ZWJ and ZWNJ are
 * checked one by one (see `joinerAllowed`).
 */
const ONE_LINE_INVISIBLE =
  /\u034f|[\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028\u2029\u2060-\u2064\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;

/** A subdivision flag: 🏴 followed by tag letters and CANCEL TAG (🏴󠁧󠁢󠁳󠁣󠁴󠁿). */
const EMOJI_TAG_SEQUENCE = /\u{1f3f4}[\u{e0020}-\u{e007e}]+\u{e007f}/gu;

const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const VS16 = 0xfe0f;

/** The viramas of the scripts that use ZWJ and ZWNJ to choose a conjunct's shape. */
const VIRAMAS = new Set([
  0x094d, // Devanagari
  0x09cd, // Bengali
  0x0a4d, // Gurmukhi
  0x0acd, // Gujarati
  0x0b4d, // Oriya
  0x0bcd, // Tamil
  0x0c4d, // Telugu
  0x0ccd, // Kannada
  0x0d4d, // Malayalam
  0x0dca, // Sinhala (ශ්‍රී ලංකා)
  0x1039, // Myanmar
  0x103a, // Myanmar asat
  0x17d2, // Khmer coeng
]);

const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const LETTER = /^\p{L}$/u;
const ARABIC_LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const ARABIC = /^\p{Script_Extensions=Arabic}$/u;

const isPictograph = (ch: string | undefined) => ch !== undefined && PICTOGRAPH.test(ch);
const isLetter = (ch: string | undefined) => ch !== undefined && LETTER.test(ch);
const isArabic = (ch: string | undefined) => ch !== undefined && ARABIC.test(ch) && ARABIC_LETTER_OR_MARK.test(ch);
const isVirama = (ch: string | undefined) => ch !== undefined && VIRAMAS.has(ch.codePointAt(0) as number);

/**
 * Zero-width joiners where they are part of the writing, not a trick:
 * - ZWJ between two emoji, which makes one picture (👨‍👩‍👧, 👩🏽‍⚕️, 🏳️‍🌈);
 * - ZWJ or ZWNJ after a virama, before a letter (Indic conjuncts, Sinhala ශ්‍රී);
 * - ZWNJ between two Arabic-script letters (Persian می‌خواهم).
 */
function joinerAllowed(joiner: number, before: string | undefined, after: string | undefined): boolean {
  if (isVirama(before) && isLetter(after)) return true;
  if (joiner === ZWJ) {
    const emojiBefore = isPictograph(before) || (before !== undefined && (EMOJI_MODIFIER.test(before) || before.codePointAt(0) === VS16));
    return emojiBefore && isPictograph(after);
  }
  return isArabic(before) && isArabic(after);
}

function hasStrayJoiner(text: string): boolean {
  if (!text.includes('\u200c') && !text.includes('\u200d')) return false;
  const chars = Array.from(text);
  return chars.some((ch, i) => {
    const cp = ch.codePointAt(0);
    return (cp === ZWJ || cp === ZWNJ) && !joinerAllowed(cp, chars[i - 1], chars[i + 1]);
  });
}

/**
 * Checks and normalises one piece of typed text: trimmed, NFC, and (multi-line) with
 * U+2028/U+2029 as ordinary line breaks. Returns the text to keep, or the problem.
 */
export function cleanText(input: string, { multiline = false }: TextOptions = {}): TextResult {
  if (!input.isWellFormed()) return { problem: 'invalidCharacters' };
  let value = input.normalize('NFC').trim();
  if ((multiline ? C0_MULTILINE : C0_ONE_LINE).test(value)) return { problem: 'invalidCharacters' };
  if (ALWAYS_INVISIBLE.test(value)) return { problem: 'invisibleCharacters' };
  if (multiline) {
    value = value.replace(/\u2029/g, '\n\n').replace(/\u2028/g, '\n');
  } else if (ONE_LINE_INVISIBLE.test(value.replace(EMOJI_TAG_SEQUENCE, '🏴')) || hasStrayJoiner(value)) {
    return { problem: 'invisibleCharacters' };
  }
  return { value };
}
