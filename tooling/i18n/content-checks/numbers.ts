/**
 * Reading the figures of a text the way a reader does, whatever the language writes them
 * in: 300,000 · 300.000 · 300 000 · 30万 · 0.3 million are one number; 374.6万 and
 * 3.746 million and 3.746.000 are another; "31 March 2020", "31 de marzo de 2020" and
 * 2020年3月31日 are the numbers 31, 3 and 2020. A translation's figures are then held
 * against the set of its Chinese source's (`npm run i18n:check`, code `number-mismatch`).
 *
 * Ambiguous spellings get every reading ("3.746" is 3.746 in English and 3746 in
 * Spanish): one reading found in the source is enough. What is not a figure is left
 * out: addresses, codes like N95 or COVID-19, {{placeholders}}.
 */

export interface FoundNumber {
  /** Index in the text and the text as written (`3.746 million`, `+54 9 11 1234 5678`). */
  index: number;
  text: string;
  /** Normalised readings (`3746000`, `tel:5491112345678`): any one in the source will do. */
  readings: string[];
  /** "300 000": each group alone also passes when the source has every one of them. */
  parts?: string[];
}

/** One normal form for every value: no float noise (374.6 × 10 000), no leading zeros. */
const canon = (value: number) => String(Math.round(value * 1e6) / 1e6);

const blank = (text: string, re: RegExp) => text.replace(re, (m) => ' '.repeat(m.length));

/** What looks like a number and is not a figure, blanked out (same length, so indices hold). */
function maskNonFigures(text: string): string {
  let t = text;
  t = blank(t, /\{\{[^{}]*\}\}|\$t\([^)]*\)/g);
  t = blank(t, /\bhttps?:\/\/[^\s)>\]」》"]+|\bwww\.[^\s)>\]」》"]+/gi);
  t = blank(t, /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g);
  t = blank(t, /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|cn|jp|es|ar|ph|uk|us|io|info)\b(?:\/[^\s)」》]*)?/gi);
  // Codes and names that start with a letter: N95, DS2, FFP2, COVID-19, TX-4K7M-Q9PD.
  t = t.replace(/(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*/g, (m) => (/\d/.test(m) ? ' '.repeat(m.length) : m));
  return t;
}

/* --------------------------------------------------------------- digits */

const GROUP_SEPARATORS = /[.,\u00a0\u202f\u2009]/;
const isThousands = (groups: string[]) =>
  groups.length > 1 && /^[1-9]\d{0,2}$/.test(groups[0] as string) && groups.slice(1).every((g) => /^\d{3}$/.test(g));

/**
 * The values one run of digits and separators may stand for, or undefined when it is
 * no single number (31.03.2020, 1.2.3): then each group is a number of its own.
 */
function readChunk(chunk: string): number[] | undefined {
  const seps = chunk.match(new RegExp(GROUP_SEPARATORS, 'g')) ?? [];
  const groups = chunk.split(GROUP_SEPARATORS);
  if (!seps.length) return [Number(chunk)];
  const spaces = /[\u00a0\u202f\u2009]/;
  if (seps.every((s) => s === seps[0])) {
    const sep = seps[0] as string;
    const thousands = isThousands(groups) ? [Number(groups.join(''))] : [];
    if (seps.length > 1 || spaces.test(sep)) return thousands.length ? thousands : undefined;
    // One dot or comma: a decimal in some language, and a thousands separator in others
    // (but nobody writes 300.000 for three hundred).
    if (thousands.length && groups[1] === '000') return thousands;
    return [Number(`${groups[0]}.${groups[1]}`), ...thousands];
  }
  // 1,234.5 and 1.234,5: one kind of separator for thousands, the other for the decimals.
  const last = seps.at(-1) as string;
  const rest = seps.slice(0, -1);
  const whole = groups.slice(0, -1);
  if ((last === '.' || last === ',') && rest.every((s) => s === rest[0] && s !== last) && isThousands(whole)) {
    return [Number(`${whole.join('')}.${groups.at(-1)}`)];
  }
  return undefined;
}

/** Words that multiply the number before them: 3.746 million, 12 mil, 30万, 1億. */
const LATIN_SCALE: [RegExp, number][] = [
  [/^\s+mil\s+millones\b/i, 1e9],
  [/^\s+(?:billion|billions)\b/i, 1e9],
  [/^\s+(?:million|millions|millón|millones|millon)\b/i, 1e6],
  [/^\s+(?:thousand|mil)\b/i, 1e3],
];
/** 千 before 克, 米, 瓦… is a unit (kilogram, kilometre, kilowatt), not a thousand. */
const CJK_SCALE: [RegExp, number][] = [
  [/^\s?(?:億|亿)/, 1e8],
  [/^\s?百万/, 1e6],
  [/^\s?(?:万|萬)/, 1e4],
  [/^千(?![克米瓦卡帕焦字])/, 1e3],
];

interface Token extends FoundNumber {
  values: number[];
  end: number;
  /** The CJK multiplier that followed (`万`), for 1億2544万200. */
  cjk?: number;
}

function scaleAfter(text: string, end: number): { factor: number; end: number; cjk?: number } {
  const after = text.slice(end, end + 16);
  for (const [re, factor] of CJK_SCALE) {
    const m = re.exec(after);
    if (m) return { factor, end: end + m[0].length, cjk: factor };
  }
  for (const [re, factor] of LATIN_SCALE) {
    const m = re.exec(after);
    if (m) return { factor, end: end + m[0].length };
  }
  return { factor: 1, end };
}

/** Runs of digits with their separators; a space separates thousands only before three digits. */
const DIGITS = /\d+(?:(?:[.,\u00a0\u202f\u2009]|\x20(?=\d{3}(?!\d)))\d+)*/g;

function digitTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const push = (index: number, raw: string, values: number[], parts?: number[]) => {
    const scale = scaleAfter(text, index + raw.length);
    const scaled = values.map((v) => v * scale.factor);
    tokens.push({
      index,
      text: text.slice(index, scale.end),
      end: scale.end,
      values: scaled,
      readings: scaled.map(canon),
      parts: parts?.map(canon),
      cjk: scale.cjk,
    });
  };
  for (const m of text.matchAll(DIGITS)) {
    const chunks = m[0].split(' ');
    if (chunks.length > 1 && chunks.every((c) => /^\d+$/.test(c)) && isThousands(chunks)) {
      push(m.index, m[0], [Number(chunks.join(''))], chunks.map(Number));
      continue;
    }
    let at = m.index;
    for (const chunk of chunks) {
      const values = readChunk(chunk);
      if (values) push(at, chunk, values);
      else {
        // Not one number (a date 31.03.2020): each group on its own.
        let inner = at;
        for (const group of chunk.split(GROUP_SEPARATORS)) {
          push(inner, group, [Number(group)]);
          inner += group.length + 1;
        }
      }
      at += chunk.length + 1;
    }
  }
  return mergeCjkCompounds(tokens);
}

/** 1億2544万200 and 35万7100 are one number each: parts written side by side, largest first. */
function mergeCjkCompounds(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const prev = out.at(-1);
    const smaller = prev?.cjk !== undefined && token.index === prev.end && (token.cjk ?? 1) < prev.cjk;
    const mergeable = smaller && token.values.every((v) => v < (prev?.cjk as number));
    if (prev && mergeable) {
      const values = prev.values.flatMap((a) => token.values.map((b) => a + b));
      out[out.length - 1] = {
        ...prev,
        text: `${prev.text}${token.text}`,
        end: token.end,
        values,
        readings: values.map(canon),
        cjk: token.cjk ?? 1,
      };
    } else out.push(token);
  }
  return out;
}

/* --------------------------------------------------------------- phones, months */

/** An international phone number: +, then at least seven digits with spaces or dashes. */
const PHONE = /\+ ?\d[\d ().\-\u00a0\u202f]{5,}\d/g;

const MONTHS: Record<string, number> = {};
/** Spanish month names are written in lower case; English ones never are ("you may"). */
const SPANISH_MONTHS = new Set([
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'setiembre',
  'octubre',
  'noviembre',
  'diciembre',
]);
[
  ['january', 'jan', 'enero'],
  ['february', 'feb', 'febrero'],
  ['march', 'mar', 'marzo'],
  ['april', 'apr', 'abril'],
  ['may', 'mayo'],
  ['june', 'jun', 'junio'],
  ['july', 'jul', 'julio'],
  ['august', 'aug', 'agosto'],
  ['september', 'sep', 'sept', 'septiembre', 'setiembre'],
  ['october', 'oct', 'octubre'],
  ['november', 'nov', 'noviembre'],
  ['december', 'dec', 'diciembre'],
].forEach((names, i) => {
  for (const name of names) MONTHS[name] = i + 1;
});
const MONTH_NAME = new RegExp(`(?<![\\p{L}])(${Object.keys(MONTHS).join('|')})(?![\\p{L}])`, 'giu');

/**
 * A month written as a word counts as its number, but only in a date (next to a day or a
 * year): "31 March", "March 2020", "31 de marzo de 2020". "You may" is not May.
 */
function monthNumbers(text: string): FoundNumber[] {
  const found: FoundNumber[] = [];
  for (const m of text.matchAll(MONTH_NAME)) {
    if (!SPANISH_MONTHS.has(m[0].toLowerCase()) && m[0][0] === m[0][0]?.toLowerCase()) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    const inDate = /\d(?:st|nd|rd|th|º)?\.?\s+(?:de\s+)?$/i.test(before) || /^\.?,?\s+(?:de\s+|del\s+)?\d/i.test(after);
    if (inDate) found.push({ index: m.index, text: m[0], readings: [canon(MONTHS[m[0].toLowerCase()] as number)] });
  }
  return found;
}

/** Every figure in a text, in order. */
export function numbersIn(text: string): FoundNumber[] {
  let masked = maskNonFigures(text);
  const found: FoundNumber[] = [];
  for (const m of masked.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 7) continue;
    found.push({ index: m.index, text: m[0], readings: [`tel:${digits}`] });
  }
  masked = blank(masked, PHONE);
  found.push(...monthNumbers(masked));
  for (const t of digitTokens(masked)) found.push({ index: t.index, text: t.text, readings: t.readings, parts: t.parts });
  return found.sort((a, b) => a.index - b.index);
}

/* --------------------------------------------------------------- Chinese numerals */

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 一百零八 → 108, 十五 → 15, 两 → 2, 三万五千 → 35000, 一亿二千万 → 120000000. */
export function chineseNumeral(s: string): number {
  let total = 0;
  let section = 0;
  let num = 0;
  for (const ch of s) {
    if (ch in CN_DIGITS) num = CN_DIGITS[ch] as number;
    else if (ch in CN_UNITS) {
      section += (num || 1) * (CN_UNITS[ch] as number);
      num = 0;
    } else if (ch === '亿') {
      total = (total + section + num) * 1e8;
      section = 0;
      num = 0;
    } else if (ch === '万') {
      total += (section + num) * 1e4;
      section = 0;
      num = 0;
    }
  }
  return total + section + num;
}

/**
 * Everything a Chinese source text says in figures: its written numbers, and its numbers
 * in characters (两次, 第一, 一百零八), which a translation may write in digits. 每 and 逐
 * ("each", "one by one") count as 1: Japanese says 1行に for 每行, English "per line".
 */
export function sourceReadings(text: string, into: Set<string> = new Set()): Set<string> {
  for (const n of numbersIn(text)) for (const r of [...n.readings, ...(n.parts ?? [])]) into.add(r);
  if (/[每逐]/.test(text)) into.add('1');
  for (const m of text.matchAll(/[零〇一二两三四五六七八九十百千万亿]+/g)) {
    into.add(canon(chineseNumeral(m[0])));
    for (const ch of m[0]) if (ch in CN_DIGITS) into.add(canon(CN_DIGITS[ch] as number));
  }
  return into;
}

/** Whether a translation's figure is one its source has. */
export function inSource(n: FoundNumber, source: ReadonlySet<string>): boolean {
  if (n.readings.some((r) => source.has(r))) return true;
  return Boolean(n.parts?.length && n.parts.every((p) => source.has(p)));
}
