import { describe, expect, test } from 'vitest';
import { cleanText } from '../../src/lib/plain-text';

const oneLine = (text: string) => cleanText(text);
const notes = (text: string) => cleanText(text, { multiline: true });

describe('cleanText: one-line fields (names, cities, roles, messaging ids, goods, location)', () => {
  test.each([
    ['CJK', '福建省侨海同心会・日本福建同郷会・한국복건상회'],
    ['Arabic and Hebrew', 'جمعية الصداقة العربية الصينية — שלום'],
    ['accents', 'Asociación de Fujian en Argentina, Cámara Ñandú'],
    ['an emoji family (ZWJ between emoji)', 'Familia 👨\u200d👩\u200d👧 Lin'],
    ['a health worker with a skin tone (ZWJ after a modifier)', '👩🏽\u200d⚕\ufe0f Equipo médico'],
    ['a rainbow flag (ZWJ after VS16)', '🏳\ufe0f\u200d🌈'],
    ['a subdivision flag (tag characters)', 'Scotland 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f} Chinese Association'],
    ['country flags and a heart', '🇦🇷❤\ufe0f🇨🇳'],
    ['a Sinhala name with ZWJ after the virama', 'ශ්\u200dරී ලංකා චීන සංගමය'],
    ['a Devanagari conjunct with ZWNJ after the virama', 'क्\u200cष'],
    ['a Persian word with ZWNJ between letters', 'انجمن دوستی\u200cها'],
    ['a Japanese ideographic variation sequence', '葛\u{e0100}飾区'],
    ['SQL and HTML (data, never code)', `<b>Robert'); DROP TABLE offers; --</b>`],
    ['ideographic space and no-break space', '东京　华侨\u00a0总会'],
  ])('keeps %s', (_, text) => {
    expect(oneLine(text)).toEqual({ value: text });
  });

  test('normalises to NFC, so one name typed two ways is one string', () => {
    const decomposed = 'Asociacio\u0301n';
    expect(oneLine(decomposed)).toEqual({ value: 'Asociación' });
    expect(oneLine(' Cámara ')).toEqual({ value: 'Cámara' });
  });

  test.each([
    ['NUL', 'abc\u0000def'],
    ['BEL', 'A\u0007'],
    ['a tab', 'A\tB'],
    ['a line feed', 'A\nB'],
    ['a carriage return', 'A\rB'],
    ['DEL', 'A\u007fB'],
    ['a lone surrogate', 'abc\ud800def'],
  ])('refuses %s as a control character', (_, text) => {
    expect(oneLine(text)).toEqual({ problem: 'invalidCharacters' });
  });

  test.each([
    ['a C1 control (NEL)', 'ACME\u0085Ltd'],
    ['a C1 control (CSI)', 'ACME\u009bLtd'],
    ['right-to-left override', 'ACME \u202egro.elpmaxe\u202c'],
    ['left-to-right embedding', '\u202aACME'],
    ['pop directional formatting', 'ACME\u202c'],
    ['right-to-left isolate', 'ACME \u2067x\u2069'],
    ['first-strong isolate', 'ACME \u2068x'],
    ['left-to-right mark', 'ACME\u200eLtd'],
    ['right-to-left mark', 'جمعية\u200fالصداقة'],
    ['Arabic letter mark', 'ACME\u061cLtd'],
    ['zero-width space', 'Cruz\u200bRoja'],
    ['zero-width non-joiner between Latin letters', 'Cruz\u200cRoja'],
    ['zero-width joiner between Latin letters', 'Cruz\u200dRoja'],
    ['zero-width joiner after an emoji, before a letter', '👨\u200dA'],
    ['zero-width joiner at the end', 'ACME👨\u200d'],
    ['word joiner', 'Cruz\u2060Roja'],
    ['invisible separator', 'Cruz\u2063Roja'],
    ['byte-order mark inside', 'Cruz\ufeffRoja'],
    ['soft hyphen', 'Cruz Ro\u00adja'],
    ['combining grapheme joiner', 'A\u034fB'],
    ['Hangul filler (a name that looks blank)', '\u3164'],
    ['half-width Hangul filler', 'A\uffa0B'],
    ['Mongolian vowel separator', 'A\u180eB'],
    ['line separator', 'ACME\u2028Bcc: x'],
    ['paragraph separator', 'ACME\u2029Ltd'],
    ['interlinear annotation', 'A\ufff9B\ufffbC'],
    ['tag characters outside a flag', 'ACME\u{e0041}\u{e0042}'],
    ['deprecated format controls', 'A\u206aB'],
  ])('refuses %s as invisible', (_, text) => {
    expect(oneLine(text)).toEqual({ problem: 'invisibleCharacters' });
  });
});

describe('cleanText: multi-line fields (notes, staff reasons)', () => {
  test('keeps line breaks and tabs, and turns U+2028/U+2029 into ordinary line breaks', () => {
    expect(notes('Cajas de 50.\r\nEntrega:\tlunes')).toEqual({ value: 'Cajas de 50.\r\nEntrega:\tlunes' });
    expect(notes('第一行\u2028第二行\u2029第二段')).toEqual({ value: '第一行\n第二行\n\n第二段' });
  });

  test('keeps the marks and joiners that right-to-left and other writing needs', () => {
    const text = 'طلب رقم \u200f(12)\u200e ok, می\u200cخواهم, a\u200bb';
    expect(notes(text)).toEqual({ value: text });
  });

  test.each([
    ['NUL', 'a\u0000b'],
    ['a vertical tab', 'a\u000bb'],
    ['broken UTF-16', 'a\udc00b'],
  ])('refuses %s as a control character', (_, text) => {
    expect(notes(text)).toEqual({ problem: 'invalidCharacters' });
  });

  test.each([
    ['a C1 control', 'line one\u0085line two'],
    ['a right-to-left override', 'if (isAdmin) \u202e } \u2066 begin admins only \u2069 \u2066'],
    ['a left-to-right isolate', 'note \u2066x\u2069'],
  ])('refuses %s', (_, text) => {
    expect(notes(text)).toEqual({ problem: 'invisibleCharacters' });
  });
});
