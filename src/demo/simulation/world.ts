/**
 * The demo company's structure: every number that shapes the data, with no labels. Arrays here are
 * index-aligned with the dictionaries in `labels.ts`, which is what makes the English and Russian
 * datasets identical except for their text.
 */

/** The data covers 2023-01-01 .. 2025-12-31; END is the "now" the open deals are seen from. */
export const START = Date.UTC(2023, 0, 1);
export const END = Date.UTC(2026, 0, 1);
export const MONTHS = 36;
export const DAY = 86_400_000;

/** Deal volume by calendar month: December budget flush, summer holidays dip. */
export const SEASON = [0.8, 0.88, 1.05, 1.0, 0.95, 0.85, 0.72, 0.74, 1.02, 1.1, 1.15, 1.35];
/** Year-on-year growth of deal volume. */
export const GROWTH = 1.32;

export interface PipelineDef {
  /** Stages before the outcome; the table adds Won then Lost after them. */
  open: number;
  /** Median days spent in each open stage. */
  days: readonly number[];
  /** Win probability shown for deals sitting in each open stage. */
  probability: readonly number[];
  /** Where lost deals die, by open stage (early stages lose most). */
  death: readonly number[];
  /** Win odds of an average deal before the source, manager and client adjust it. */
  odds: number;
  /** Activities per deal relative to the other pipeline. */
  activity: number;
  /** Activity type weights: call, email, meeting, task. */
  activityTypes: readonly number[];
}

export const PIPELINES: readonly PipelineDef[] = [
  {
    open: 6,
    days: [2, 4, 7, 8, 10, 6],
    probability: [0.05, 0.15, 0.3, 0.5, 0.7, 0.9],
    death: [28, 24, 18, 14, 11, 5],
    odds: 0.42,
    activity: 1.3,
    activityTypes: [34, 36, 16, 14],
  },
  {
    open: 4,
    days: [0.7, 1.5, 2.5, 2],
    probability: [0.1, 0.3, 0.6, 0.85],
    death: [40, 30, 20, 10],
    odds: 0.62,
    activity: 0.7,
    activityTypes: [46, 40, 4, 10],
  },
];

/** Activity types are canonical codes, the same in every language (like deal status). */
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'task'] as const;

export interface SourceDef {
  /** Win-odds multiplier. */
  win: number;
  /** Share among companies and among individuals. */
  company: number;
  person: number;
  /** Whether deals from it carry a marketing campaign. */
  campaign: boolean;
}

/** website, inbound call, email, referral, partner, trade show, cold call, social, paid search, webinar, marketplace */
export const SOURCES: readonly SourceDef[] = [
  { win: 1.0, company: 16, person: 22, campaign: false },
  { win: 1.35, company: 9, person: 14, campaign: false },
  { win: 0.8, company: 9, person: 6, campaign: true },
  { win: 2.3, company: 8, person: 9, campaign: false },
  { win: 1.7, company: 9, person: 2, campaign: false },
  { win: 1.1, company: 5, person: 1, campaign: true },
  { win: 0.4, company: 14, person: 3, campaign: false },
  { win: 0.65, company: 6, person: 14, campaign: true },
  { win: 0.75, company: 10, person: 15, campaign: true },
  { win: 1.25, company: 6, person: 3, campaign: true },
  { win: 0.9, company: 3, person: 11, campaign: false },
];

/**
 * Lost-reason weights by the phase of the stage where the deal died (early, middle, late).
 * Reasons: no response, not a fit, duplicate/spam, no budget, postponed, competitor, price,
 * contract terms, decided to do nothing.
 */
export const LOST_REASONS_BY_PHASE: readonly (readonly number[])[] = [
  [30, 28, 12, 10, 8, 2, 3, 0, 7],
  [12, 6, 1, 22, 18, 14, 12, 2, 13],
  [4, 1, 0, 8, 10, 28, 30, 14, 5],
];
export const NO_RESPONSE = 0;

/** Enterprise, mid-market, SMB, retail. Which one serves a client follows from its type and size. */
export const ENTERPRISE_HEADCOUNT = 250;
export const MID_HEADCOUNT = 50;
export const DEPARTMENTS = 4;
export const RETAIL = 3;

export interface ManagerDef {
  dept: number;
  /** Hire date, YYYY-MM-DD. */
  hired: string;
  /** Win-odds multiplier. */
  skill: number;
  /** Activities-per-deal multiplier. */
  diligence: number;
  /** Index into `OFFICE_CITIES`. */
  office: number;
  /** 0 junior, 1 middle, 2 senior. */
  level: number;
  /** Share of new work by year 2023, 2024, 2025; the declining manager fades out. */
  trend: readonly [number, number, number];
  lead?: boolean;
}

const FLAT = [1, 1, 1] as const;

export const MANAGERS: readonly ManagerDef[] = [
  {
    dept: 0,
    hired: '2017-03-01',
    skill: 1.5,
    diligence: 1.1,
    office: 0,
    level: 2,
    trend: FLAT,
    lead: true,
  },
  { dept: 0, hired: '2019-09-16', skill: 1.25, diligence: 1.0, office: 0, level: 2, trend: FLAT },
  { dept: 0, hired: '2020-02-03', skill: 1.15, diligence: 0.9, office: 1, level: 2, trend: FLAT },
  { dept: 0, hired: '2022-05-10', skill: 0.95, diligence: 1.2, office: 0, level: 1, trend: FLAT },
  { dept: 0, hired: '2024-03-04', skill: 0.9, diligence: 1.3, office: 0, level: 1, trend: FLAT },
  {
    dept: 1,
    hired: '2018-06-01',
    skill: 1.3,
    diligence: 1.0,
    office: 0,
    level: 2,
    trend: FLAT,
    lead: true,
  },
  { dept: 1, hired: '2019-11-11', skill: 1.1, diligence: 0.95, office: 1, level: 2, trend: FLAT },
  { dept: 1, hired: '2021-01-18', skill: 1.0, diligence: 1.05, office: 2, level: 1, trend: FLAT },
  { dept: 1, hired: '2021-08-02', skill: 0.85, diligence: 0.8, office: 0, level: 1, trend: FLAT },
  { dept: 1, hired: '2022-10-03', skill: 1.05, diligence: 1.15, office: 3, level: 1, trend: FLAT },
  { dept: 1, hired: '2023-06-13', skill: 0.8, diligence: 1.25, office: 0, level: 0, trend: FLAT },
  { dept: 1, hired: '2025-02-17', skill: 0.75, diligence: 1.3, office: 4, level: 0, trend: FLAT },
  {
    dept: 2,
    hired: '2019-04-22',
    skill: 1.2,
    diligence: 1.0,
    office: 0,
    level: 2,
    trend: FLAT,
    lead: true,
  },
  {
    dept: 2,
    hired: '2020-07-06',
    skill: 1.1,
    diligence: 0.9,
    office: 1,
    level: 1,
    trend: [1, 0.55, 0.25],
  },
  { dept: 2, hired: '2021-03-15', skill: 0.7, diligence: 0.7, office: 2, level: 1, trend: FLAT },
  { dept: 2, hired: '2021-12-01', skill: 1.0, diligence: 1.0, office: 4, level: 1, trend: FLAT },
  { dept: 2, hired: '2022-09-19', skill: 0.95, diligence: 1.1, office: 3, level: 1, trend: FLAT },
  { dept: 2, hired: '2023-09-04', skill: 0.85, diligence: 1.2, office: 0, level: 0, trend: FLAT },
  { dept: 2, hired: '2024-08-12', skill: 0.8, diligence: 1.35, office: 1, level: 0, trend: FLAT },
  {
    dept: 3,
    hired: '2018-02-12',
    skill: 1.35,
    diligence: 1.05,
    office: 0,
    level: 2,
    trend: FLAT,
    lead: true,
  },
  { dept: 3, hired: '2020-10-05', skill: 1.05, diligence: 0.9, office: 1, level: 1, trend: FLAT },
  { dept: 3, hired: '2021-05-24', skill: 0.9, diligence: 1.1, office: 2, level: 1, trend: FLAT },
  { dept: 3, hired: '2022-03-14', skill: 1.0, diligence: 0.85, office: 3, level: 1, trend: FLAT },
  { dept: 3, hired: '2023-11-20', skill: 0.8, diligence: 1.2, office: 4, level: 0, trend: FLAT },
  { dept: 3, hired: '2024-10-07', skill: 0.85, diligence: 1.25, office: 0, level: 0, trend: FLAT },
];
/** Monthly quota by level (junior, middle, senior) and department, in deal currency. */
export const QUOTA = [
  [120_000, 180_000, 260_000],
  [60_000, 90_000, 130_000],
  [30_000, 45_000, 65_000],
  [12_000, 18_000, 26_000],
];

/** Cities the offices are in, as indexes into the flat city list. */
export const OFFICE_CITIES = [0, 3, 5, 10, 8];

/** Region of each city in the flat city list (see `labels.ts` cities). */
export const CITY_REGION = [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6];
/** Weight of each city among clients of its region (capitals dominate). */
export const CITY_WEIGHT = [10, 2, 1.5, 8, 1.5, 4, 3, 2.5, 5, 2.5, 5, 2, 1.5, 4, 2.5, 2, 1.5];
/** New-client weight of each region by year; Siberia (4) shrinks. */
export const REGION_TREND: readonly (readonly [number, number, number])[] = [
  [30, 32, 34],
  [15, 16, 17],
  [13, 14, 16],
  [11, 12, 13],
  [14, 7, 3],
  [11, 12, 14],
  [6, 6, 6],
];
/** How long a client of each region stays active, in months; Siberia's clients drift away sooner. */
export const REGION_LIFETIME = [24, 24, 22, 22, 12, 22, 20];
/** Share of a region's returning clients' deals kept each year; Siberia's clients buy less and less. */
export const REGION_RETENTION: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [1, 1, 1],
  [1, 1, 1],
  [1, 1, 1],
  [1, 0.6, 0.3],
  [1, 1, 1],
  [1, 1, 1],
];
export const SHRINKING_REGION = 4;

export interface IndustryDef {
  weight: number;
  /** Deal size multiplier. */
  size: number;
}

/** Retail, manufacturing, IT, construction, logistics, healthcare, finance, education, HoReCa, agriculture, services. */
export const INDUSTRIES: readonly IndustryDef[] = [
  { weight: 16, size: 0.9 },
  { weight: 12, size: 1.4 },
  { weight: 12, size: 1.2 },
  { weight: 9, size: 1.3 },
  { weight: 9, size: 1.1 },
  { weight: 7, size: 1.0 },
  { weight: 6, size: 1.6 },
  { weight: 6, size: 0.7 },
  { weight: 9, size: 0.6 },
  { weight: 5, size: 0.8 },
  { weight: 9, size: 0.9 },
];

export interface ProductDef {
  category: number;
  price: number;
  /** Weight among company deals and among individuals' deals (0: not sold to them). */
  company: number;
  person: number;
  /** How strongly the quantity grows with the client's headcount. */
  scale: number;
}

/** Categories: software, services, hardware, subscriptions. */
export const PRODUCTS: readonly ProductDef[] = [
  { category: 0, price: 1_200, company: 8, person: 14, scale: 0.3 },
  { category: 0, price: 4_800, company: 14, person: 0, scale: 0.45 },
  { category: 0, price: 18_000, company: 4, person: 0, scale: 0.4 },
  { category: 0, price: 3_000, company: 7, person: 0, scale: 0.35 },
  { category: 1, price: 12_000, company: 6, person: 0, scale: 0.3 },
  { category: 1, price: 8_000, company: 5, person: 0, scale: 0.25 },
  { category: 1, price: 1_500, company: 8, person: 8, scale: 0.3 },
  { category: 1, price: 2_400, company: 9, person: 0, scale: 0.35 },
  { category: 2, price: 900, company: 7, person: 14, scale: 0.3 },
  { category: 2, price: 250, company: 6, person: 20, scale: 0.35 },
  { category: 2, price: 350, company: 2, person: 16, scale: 0.3 },
  { category: 3, price: 600, company: 8, person: 18, scale: 0.3 },
  { category: 3, price: 1_800, company: 6, person: 0, scale: 0.35 },
];

/** Campaigns run in months (1..12) for the sources that carry one. */
export const CAMPAIGN_MONTHS: readonly (readonly number[])[] = [
  [1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [9, 10],
  [11],
  [12],
];
