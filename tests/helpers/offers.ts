/**
 * What the helpers below post to: the Hono app (`app.request`), or the edge function in
 * its runtime (tests/helpers/edge-api.ts), which takes the same arguments.
 */
export interface ApiClient {
  request(path: string, init: RequestInit, bindings: { clientAddress?: string }): Response | Promise<Response>;
}

type App = ApiClient;

/** A goods offer like the ones the organisation received in 2020: masks, gloves and suits. */
export function goodsOffer() {
  return {
    locale: 'es',
    organization: { name: 'Asociación de Fujian en Argentina', country: 'AR', city: 'Buenos Aires', kind: 'association' },
    contact: { name: 'Lin Haining', role: 'Presidente', email: 'lin@example.org', phone: '+54 9 11 1234 5678' },
    goods: [
      { item: 'surgical_mask', quantity: 150_000, standard: 'EN 14683', expiresOn: '2099-12-31' },
      { item: 'medical_gloves', quantity: '100.000' },
      { item: 'protective_suit', quantity: 2500, standard: 'GB 19082' },
    ],
    recipient: 'fujian_hospitals',
    availableFrom: '2020-02-10',
    location: 'Depósito en Avellaneda, Buenos Aires',
    delivery: 'donor_ships',
    notes: 'Cajas de 50 unidades.',
    consent: { dataProcessing: true, thankPublicly: true },
  };
}

/** A cash pledge in yen, which has no minor unit. */
export function yenCashOffer() {
  return {
    locale: 'ja',
    organization: { name: '日本福建同郷会', country: 'JP', city: '東京', kind: 'hometown_association' },
    contact: { name: '陳 美玲', phone: '090-1234-5678', line: 'chen_mei' },
    cash: { amount: '1000000', currency: 'JPY' },
    consent: { dataProcessing: true, thankPublicly: false },
  };
}

/** Supplies and money together, as many associations gave. */
export function mixedOffer() {
  return {
    locale: 'zh',
    organization: { name: '菲律宾福建商会', country: 'PH', city: 'Manila', kind: 'chamber_of_commerce' },
    contact: { name: '洪先生', email: 'Hong@Example.PH', wechat: 'hong_mnl' },
    goods: [{ item: 'other', name: '呼吸机配件', quantity: 40 }],
    cash: { amount: '350000.00', currency: 'CNY' },
    consent: { dataProcessing: true },
  };
}

export interface PostOptions {
  headers?: Record<string, string>;
  clientAddress?: string;
}

/** POSTs JSON to the API the way a browser script or an integration would. */
export function postJson(app: App, path: string, body: unknown, { headers = {}, clientAddress = '198.51.100.7' }: PostOptions = {}) {
  return app.request(
    `/api${path}`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    { clientAddress },
  );
}

/** POSTs a web form the way a browser without JavaScript would. */
export function postForm(
  app: App,
  path: string,
  fields: [string, string][],
  { headers = {}, clientAddress = '198.51.100.7' }: PostOptions = {},
) {
  return app.request(
    `/api${path}`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost', ...headers },
      body: new URLSearchParams(fields).toString(),
    },
    { clientAddress },
  );
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    fields?: { path: string; code: string; message: string }[];
    retryAfter?: number;
  };
}
