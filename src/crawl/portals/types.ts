/**
 * Discovery adapters: pure functions from a fetched page (URL + decoded text) to links.
 * No I/O, no clock: the engine fetches, the adapter only reads.
 */
export type LinkKind = 'list' | 'report' | 'attachment';

export interface DiscoveredLink {
  /** absolute URL (fragment kept only where the adapter needs it, e.g. gkmlpt `#<catId>`) */
  url: string;
  kind: LinkKind;
  /** link text or API title */
  title?: string | null;
  /** reporting year read from the title (not the publication date) */
  year?: number | null;
  /** displayed publication date, YYYY-MM-DD */
  date?: string | null;
}

export interface Page {
  /** the frontier URL of the page (may carry an adapter fragment) */
  url: string;
  text: string;
  contentType?: string | null;
}

export interface ListDiscovery {
  /** reports (or attachments linked straight from the list) */
  items: DiscoveredLink[];
  /**
   * Further pages of the same list, in order. Backfill walks them all; incremental mode follows
   * them only while the current page still yields unknown items.
   */
  next: string[];
  /**
   * List URLs to fetch whatever this page yielded: the page is a shell whose items live
   * elsewhere (a gkmlpt index pointing at its JSON API, a Hanweb column without embedded records).
   */
  follow: string[];
}

export interface ReportDiscovery {
  /** false when the page is an empty renderer shell (e.g. a year without a report) */
  isReport: boolean;
  /** attachments of the report, and for some families further report pages */
  links: DiscoveredLink[];
}

export interface YearRange {
  from: number;
  to: number;
}

export interface SeedContext {
  /** reporting years to enumerate where a family addresses reports by year */
  years: YearRange;
}

export interface PortalAdapter {
  readonly name: string;
  /** frontier entries for a registry entry URL */
  seeds(entry: string, context: SeedContext): DiscoveredLink[];
  parseList(page: Page): ListDiscovery;
  parseReport(page: Page): ReportDiscovery;
}
