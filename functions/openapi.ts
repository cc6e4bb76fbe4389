import { locales } from '../src/i18n/config';
import { deliveries, items, offerLimits, offerStatuses, organizationKinds, recipients } from '../src/lib/catalog';
import { problemCodes } from '../src/lib/offer-schema';

const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, ...(description ? { description } : {}) });

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', examples: ['validation', 'rate_limited', 'payload_too_large', 'malformed_json', 'offer_not_found'] },
        message: {
          type: 'string',
          description: 'In the language of the body’s `locale`, `?locale=`, the language cookie or Accept-Language.',
        },
        requestId: { type: 'string' },
        fields: {
          type: 'array',
          description: 'Only with `code: "validation"`: one entry per field with a problem.',
          items: {
            type: 'object',
            required: ['path', 'code', 'message'],
            properties: {
              path: { type: 'string', examples: ['organization.name', 'goods[0].quantity', 'cash.amount'] },
              code: { type: 'string', enum: problemCodes },
              message: { type: 'string' },
            },
          },
        },
        retryAfter: { type: 'integer', description: 'Only with `code: "rate_limited"`: seconds until the limit resets.' },
      },
    },
  },
} as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The API's contract, served at `/api/openapi.json`; docs/api.md explains it in prose. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Tongxin API',
    version: '1',
    description: 'Donation offers for the Tongxin portal. See docs/api.md in the repository for the rules behind each answer.',
  },
  servers: [{ url: '/api' }],
  paths: {
    '/offers': {
      post: {
        summary: 'Submit a donation offer',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Any 1–255 visible ASCII characters, new for each offer (a UUID). A repeat with the same key and body returns the first reference and stores nothing.',
            schema: { type: 'string', maxLength: 255 },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/OfferInput' } },
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                description: 'The HTML form’s fields: `organization.name`, `goods[0].quantity`, `consent.dataProcessing=on`…',
              },
            },
          },
        },
        responses: {
          201: {
            description: 'Stored (or, with a repeated Idempotency-Key, stored before: header `Idempotent-Replayed: true`).',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['reference', 'status'],
                  properties: {
                    reference: { type: 'string', pattern: '^TX-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$' },
                    status: { const: 'submitted' },
                  },
                },
              },
            },
          },
          400: errorResponse('Malformed JSON, or a malformed Idempotency-Key.'),
          403: errorResponse('A form post from another site’s page.'),
          413: errorResponse(`Body larger than ${128} KiB.`),
          415: errorResponse('Neither JSON nor a web form.'),
          422: errorResponse(
            'Validation failed (`code: "validation"`, every problem in `fields`), or the Idempotency-Key was used for a different offer (`idempotency_conflict`).',
          ),
          429: errorResponse('Too many offers from this address this hour; see `Retry-After`.'),
        },
      },
    },
    '/offers/lookup': {
      post: {
        summary: 'The status and donor-visible history of an offer',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['reference'],
                properties: {
                  reference: { type: 'string', examples: ['TX-4K7M-Q9PD'] },
                  email: { type: 'string', format: 'email' },
                  phone: { type: 'string', description: 'International, or national digits of the organisation’s country.' },
                  locale: { enum: locales },
                },
              },
            },
          },
        },
        responses: {
          200: { description: 'The offer as its donor may see it, with `status` and `history`.' },
          404: errorResponse('No offer with this reference and this email or phone (the answer does not say which part was wrong).'),
          422: errorResponse('Reference or contact detail missing or malformed.'),
          429: errorResponse('Too many lookups from this address this hour.'),
        },
      },
    },
    '/catalog': {
      get: {
        summary: 'What can be offered, with localized names and units',
        parameters: [{ name: 'locale', in: 'query', schema: { enum: locales } }],
        responses: { 200: { description: 'Items, units, standards, organisation kinds, recipients, deliveries and currencies.' } },
      },
    },
    '/health': {
      get: { summary: 'Is the API up', responses: { 200: { description: 'Up' }, 503: { description: 'Database unavailable' } } },
    },
  },
  components: {
    schemas: {
      Error: errorSchema,
      OfferInput: {
        type: 'object',
        required: ['organization', 'contact', 'consent'],
        description: '`goods` must be non-empty or `cash` present; `contact` needs `email` or `phone`.',
        properties: {
          locale: { enum: locales, description: 'Defaults to the request’s language.' },
          organization: {
            type: 'object',
            required: ['name', 'country'],
            properties: {
              name: text(offerLimits.shortText),
              country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
              city: text(offerLimits.shortText),
              kind: { enum: organizationKinds },
            },
          },
          contact: {
            type: 'object',
            required: ['name'],
            properties: {
              name: text(offerLimits.shortText),
              role: text(offerLimits.shortText),
              email: { ...text(254), format: 'email', description: 'As <input type=email> accepts it, with a dot in the domain.' },
              phone: {
                type: 'string',
                description:
                  'A valid number (libphonenumber-js), stored as E.164; a national number is read with the rules of organization.country.',
              },
              wechat: text(100),
              whatsapp: text(100),
              line: text(100),
            },
          },
          goods: {
            type: 'array',
            maxItems: offerLimits.goodsLines,
            items: {
              type: 'object',
              required: ['item', 'quantity'],
              properties: {
                item: { enum: items },
                name: { ...text(offerLimits.shortText), description: 'Required when item is "other".' },
                quantity: { type: ['integer', 'string'], minimum: 1, maximum: offerLimits.quantity },
                standard: text(100),
                expiresOn: { type: 'string', format: 'date' },
              },
            },
          },
          cash: {
            type: 'object',
            required: ['amount', 'currency'],
            properties: {
              amount: {
                type: 'string',
                examples: ['350000.00'],
                description: 'Decimal string; no more decimals than the currency has (JPY none).',
              },
              currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217' },
            },
          },
          recipient: { enum: recipients, default: 'organisers_decide' },
          availableFrom: { type: 'string', format: 'date' },
          location: text(offerLimits.mediumText),
          delivery: { enum: deliveries, default: 'undecided' },
          notes: text(offerLimits.notes),
          consent: {
            type: 'object',
            required: ['dataProcessing'],
            properties: { dataProcessing: { const: true }, thankPublicly: { type: 'boolean', default: false } },
          },
        },
      },
      OfferStatus: { enum: offerStatuses },
    },
  },
} as const;
