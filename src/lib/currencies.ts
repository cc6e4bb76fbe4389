/**
 * ISO 4217 currencies in circulation (funds codes, precious metals and withdrawn
 * currencies left out). Packed into one string because the form's script carries it.
 */
const packed =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF ' +
  'CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL ' +
  'HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD ' +
  'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG ' +
  'QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD ' +
  'TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG';

export const currencyCodes: readonly string[] = packed.split(' ');
const known = new Set(currencyCodes);

/** Shown first in the form: the currencies the organisation's donors have used most. */
export const commonCurrencies = ['CNY', 'USD', 'EUR', 'JPY', 'GBP', 'ARS', 'PHP', 'HKD', 'SGD', 'MYR', 'AUD', 'CAD'] as const;

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && known.has(value);
}

const digits = new Map<string, number>();

/**
 * How many decimal places the currency has (CNY 2, JPY 0, BHD 3), as the platform's
 * Intl data says, so the browser and the server agree.
 */
export function currencyMinorUnits(currency: string): number {
  let n = digits.get(currency);
  if (n === undefined) {
    n = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digits.set(currency, n);
  }
  return n;
}
