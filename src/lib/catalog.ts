/**
 * The fixed vocabulary of a donation offer. The codes are part of the API contract
 * (docs/api.md): integrations send them and the staff workspace filters by them, so a
 * code is never renamed or reused. Their names in each language live in
 * `locales/<lng>/donate.json` (`item.<code>`, `unit.<code>`, `kind.<code>`…).
 */

/** How a quantity is counted. */
export const units = ['pieces', 'pairs', 'sets', 'litres', 'kits', 'units'] as const;
export type Unit = (typeof units)[number];

/**
 * How a quantity is *said*: its unit, or a counting word some languages use for a kind
 * of thing. Masks are 枚 in Japanese and 个 in Chinese, not the 個 and 件 of other pieces;
 * the stored and exchanged unit stays `pieces`. Names: `unit.<counter>`, `quantity.<counter>`.
 */
export const counters = [...units, 'sheets'] as const;
export type Counter = (typeof counters)[number];

/** What can be offered, each with the one unit its quantity is counted in. */
export const catalog = [
  { item: 'surgical_mask', unit: 'pieces', counter: 'sheets' },
  { item: 'respirator', unit: 'pieces', counter: 'sheets' },
  { item: 'medical_gloves', unit: 'pairs' },
  { item: 'protective_suit', unit: 'sets' },
  { item: 'face_shield', unit: 'pieces', counter: 'sheets' },
  { item: 'goggles', unit: 'pieces' },
  { item: 'disinfectant', unit: 'litres' },
  { item: 'hand_sanitizer', unit: 'litres' },
  { item: 'pcr_test_kit', unit: 'kits' },
  { item: 'antigen_test', unit: 'pieces' },
  { item: 'thermometer', unit: 'units' },
  { item: 'oxygen_concentrator', unit: 'units' },
  { item: 'other', unit: 'pieces' },
] as const satisfies readonly { item: string; unit: Unit; counter?: Counter }[];

export type Item = (typeof catalog)[number]['item'];
export const items = catalog.map((entry) => entry.item) as Item[];

export function unitOf(item: Item): Unit {
  return catalog.find((entry) => entry.item === item)?.unit ?? 'units';
}

/**
 * The word a quantity is counted with (see `counters`): the item's own counting word if it
 * has one, otherwise the unit the line was stored with (an `other` line keeps the donor's).
 */
export function counterOf(item: string, unit: string): Counter {
  const entry = catalog.find((e) => e.item === item);
  if (entry && 'counter' in entry) return entry.counter;
  if ((counters as readonly string[]).includes(unit)) return unit as Counter;
  return entry?.unit ?? 'units';
}

/**
 * The items with a counting word of their own, for browser scripts, which count every
 * other line by its unit: pages embed this map rather than import the catalog, so the
 * donation form's script stays one file.
 */
export function countersByItem(): Record<string, Counter> {
  return Object.fromEntries(catalog.flatMap((entry) => ('counter' in entry ? [[entry.item, entry.counter]] : [])));
}

/** Standards donors often name; the field is free text, these are suggestions. */
export const standards = [
  'GB 2626',
  'GB 19083',
  'GB 19082',
  'YY 0469',
  'YY/T 0969',
  'EN 14683',
  'EN 149',
  'EN 14126',
  'EN 455',
  'EN 166',
  'NIOSH N95',
  'ASTM F2100',
  'KN95',
  'KF94',
  'CE',
  'FDA',
] as const;

export const organizationKinds = [
  'association',
  'chamber_of_commerce',
  'hometown_association',
  'student_union',
  'company',
  'individual',
  'other',
] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

export const recipients = ['fujian_hospitals', 'overseas_communities', 'organisers_decide'] as const;
export type Recipient = (typeof recipients)[number];

export const deliveries = ['donor_ships', 'pickup_needed', 'undecided'] as const;
export type Delivery = (typeof deliveries)[number];

/**
 * Where an offer stands, as its donor sees it. Staff move it along (see workflow.ts);
 * each step is recorded in the offer's history.
 */
export const offerStatuses = [
  'submitted',
  'under_review',
  'needs_info',
  'accepted',
  'in_transit',
  'received',
  'closed',
  'declined',
  'withdrawn',
  'duplicate',
] as const;
export type OfferStatus = (typeof offerStatuses)[number];

/** Limits that keep one offer a reasonable size. */
export const offerLimits = {
  goodsLines: 50,
  quantity: 100_000_000,
  /** Whole currency units; far above any single pledge, and safe as integer minor units. */
  amount: 999_999_999_999,
  shortText: 200,
  mediumText: 500,
  notes: 10_000,
} as const;
