/**
 * The fictional, vendor-neutral demo organisation (DESIGN.md, Demo organisation).
 * Plain data; `demo.server.ts` writes it through the models.
 */
import type { CompetencyKind } from "#db/schema";

export const DEMO_PASSWORD = "academy-demo";

export const DEMO_SIGN_INS = [
  { email: "admin@example.com", role: "admin", name: "Alex Morgan" },
  { email: "trainer@example.com", role: "trainer", name: "Taylor Brooks" },
  { email: "learner@example.com", role: "learner", name: "Sam Rivera" },
] as const;

export const BUSINESS_UNITS = [
  { slug: "personal-systems", name: "Personal Systems" },
  { slug: "imaging-printing", name: "Imaging & Printing" },
  { slug: "technical-solutions", name: "Technical Solutions" },
] as const;

export interface TechnologyData {
  slug: string;
  name: string;
  unit: (typeof BUSINESS_UNITS)[number]["slug"];
  description: string;
}

export const TECHNOLOGIES: TechnologyData[] = [
  {
    slug: "pcs",
    name: "PCs",
    unit: "personal-systems",
    description:
      "Business notebooks, desktops and workstations, device lifecycle services and device-as-a-service contracts.",
  },
  {
    slug: "printing",
    name: "Printing",
    unit: "imaging-printing",
    description: "Office and production printers, supplies, and managed print services.",
  },
  {
    slug: "document-management",
    name: "Document management",
    unit: "imaging-printing",
    description: "Capture, workflow and archiving software and services that turn paper processes digital.",
  },
  {
    slug: "storage",
    name: "Storage",
    unit: "technical-solutions",
    description: "Primary and secondary storage, backup and data protection, consumption-based capacity.",
  },
  {
    slug: "servers",
    name: "Servers",
    unit: "technical-solutions",
    description:
      "Rack, tower and hyperconverged servers, virtualisation platforms and their support contracts.",
  },
  {
    slug: "networking",
    name: "Networking",
    unit: "technical-solutions",
    description: "Campus switching, wireless LAN, SD-WAN and network security services.",
  },
];

export interface CompetencyTemplate {
  suffix: string;
  kind: CompetencyKind;
  name: (tech: string) => string;
  description: (tech: string) => string;
  validityMonths: number;
  /** Which program requires it. */
  program: "specialist" | "lead";
}

export const COMPETENCY_TEMPLATES: CompetencyTemplate[] = [
  {
    suffix: "economics",
    kind: "economics",
    name: (t) => `${t} economics`,
    description: (t) =>
      `Margins, attach rates, total cost of ownership and pricing of ${t.toLowerCase()} deals.`,
    validityMonths: 24,
    program: "specialist",
  },
  {
    suffix: "business-model",
    kind: "business-model",
    name: (t) => `${t} business models`,
    description: (t) =>
      `How partners make money with ${t.toLowerCase()}: transactional, services, subscription and as-a-service.`,
    validityMonths: 24,
    program: "specialist",
  },
  {
    suffix: "sales-lifecycle",
    kind: "sales-lifecycle",
    name: (t) => `${t} sales life-cycle`,
    description: (t) =>
      `Stages, buyers and qualification of a ${t.toLowerCase()} opportunity, from discovery to renewal.`,
    validityMonths: 24,
    program: "specialist",
  },
  {
    suffix: "product",
    kind: "product",
    name: (t) => `${t} portfolio`,
    description: (t) =>
      `The ${t.toLowerCase()} portfolio, positioning and the questions that size a solution.`,
    validityMonths: 18,
    program: "specialist",
  },
  {
    suffix: "partner-growth",
    kind: "business-model",
    name: (t) => `${t} partner growth planning`,
    description: (t) =>
      `Building a plan that grows ${t.toLowerCase()} at partners whose business is mostly another product set.`,
    validityMonths: 24,
    program: "lead",
  },
  {
    suffix: "field",
    kind: "field",
    name: (t) => `${t} field readiness`,
    description: (t) =>
      `Has led ${t.toLowerCase()} opportunities with partners in the field; attested by a trainer or admin.`,
    validityMonths: 36,
    program: "lead",
  },
];

export const REGIONS = [
  {
    name: "Northern Europe",
    territories: [
      { code: "NOR", name: "Nordics" },
      { code: "UKI", name: "UK & Ireland" },
      { code: "BNL", name: "Benelux" },
      { code: "DAC", name: "DACH" },
    ],
  },
  {
    name: "Southern Europe",
    territories: [
      { code: "FRA", name: "France" },
      { code: "IBE", name: "Iberia" },
      { code: "ITA", name: "Italy" },
      { code: "CEE", name: "Central & Eastern Europe" },
    ],
  },
] as const;

/** Partner sales mix profiles: share per technology slug, summing to 100. */
export const MIX_PROFILES: Record<string, Record<string, number>> = {
  "print-heavy": { printing: 70, "document-management": 10, storage: 10, pcs: 10 },
  "print-and-docs": { printing: 45, "document-management": 35, pcs: 15, networking: 5 },
  "pc-reseller": { pcs: 75, printing: 10, networking: 10, servers: 5 },
  datacenter: { servers: 40, storage: 35, networking: 20, pcs: 5 },
  infrastructure: { networking: 45, servers: 25, storage: 15, pcs: 15 },
  generalist: { pcs: 30, printing: 20, servers: 15, storage: 15, networking: 15, "document-management": 5 },
};

const PARTNER_NAMES = [
  ["Northwind Office Systems", "print-heavy"],
  ["Fjordline IT", "infrastructure"],
  ["Polar Data Partners", "datacenter"],
  ["Harbour Print & Copy", "print-and-docs"],
  ["Baltic Workplace", "pc-reseller"],
  ["Thames Valley Imaging", "print-heavy"],
  ["Pennine Computing", "generalist"],
  ["Celtic Cloud Services", "datacenter"],
  ["Lakeland Devices", "pc-reseller"],
  ["Severn Networks", "infrastructure"],
  ["Delta Kantoor", "print-heavy"],
  ["Meuse Systems", "datacenter"],
  ["Polder Print Solutions", "print-and-docs"],
  ["Ardennes IT", "generalist"],
  ["Scheldt Workplace", "pc-reseller"],
  ["Alpen Druck Systeme", "print-heavy"],
  ["Rheinland Rechenzentrum", "datacenter"],
  ["Donau Netzwerk", "infrastructure"],
  ["Schwarzwald Office", "print-and-docs"],
  ["Bodensee Computer", "pc-reseller"],
  ["Loire Bureautique", "print-heavy"],
  ["Provence Numérique", "generalist"],
  ["Seine Infrastructures", "datacenter"],
  ["Garonne Réseaux", "infrastructure"],
  ["Bretagne Documents", "print-and-docs"],
  ["Tajo Sistemas", "generalist"],
  ["Douro Print", "print-heavy"],
  ["Meseta Datos", "datacenter"],
  ["Atlántico Redes", "infrastructure"],
  ["Sierra Oficina", "pc-reseller"],
  ["Adriatica Stampa", "print-heavy"],
  ["Po Valley Data", "datacenter"],
  ["Dolomiti Informatica", "generalist"],
  ["Tevere Documenti", "print-and-docs"],
  ["Vesuvio Reti", "infrastructure"],
  ["Vistula Office", "print-heavy"],
  ["Danube Data Centre", "datacenter"],
  ["Carpathian Devices", "pc-reseller"],
  ["Tatra Networks", "infrastructure"],
  ["Bohemia Print Services", "print-and-docs"],
] as const;

export const PARTNERS = PARTNER_NAMES.map(([name, profile], i) => ({
  name,
  profile,
  /** Five partners per territory, in territory order. */
  territoryIndex: Math.floor(i / 5),
}));

export const FIRST_NAMES = [
  "Aino",
  "Ben",
  "Carla",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hugo",
  "Ines",
  "Jonas",
  "Katrin",
  "Luca",
  "Maja",
  "Nils",
  "Olivia",
  "Pablo",
  "Quentin",
  "Rosa",
  "Stefan",
  "Tara",
  "Umar",
  "Vera",
  "Wim",
  "Xenia",
  "Yusuf",
  "Zofia",
  "Anders",
  "Beatriz",
  "Colm",
  "Dora",
];

export const LAST_NAMES = [
  "Virtanen",
  "Hughes",
  "Moreau",
  "Petrov",
  "Rossi",
  "Haddad",
  "O'Brien",
  "Lambert",
  "Ferreira",
  "Becker",
  "Jansen",
  "Bianchi",
  "Novak",
  "Lund",
  "Walsh",
  "García",
  "Dubois",
  "Martins",
  "Weber",
  "Kowalski",
  "Nowak",
  "Silva",
  "Meyer",
  "Costa",
  "Horvat",
  "Andersson",
  "Keller",
  "Romano",
  "Fischer",
  "Kelly",
];

export const TRAINERS = [
  { email: "trainer@example.com", name: "Taylor Brooks", jobTitle: "Channel enablement lead" },
  { email: "jordan.lee@example.com", name: "Jordan Lee", jobTitle: "Technical trainer, Technical Solutions" },
];
