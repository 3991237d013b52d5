import { z } from 'zod';

/**
 * Our identity on the wire. Government webmasters must be able to tell who crawls them and how to
 * reach us, so a contact URL or e-mail is mandatory.
 */
export const UserAgentSchema = z.object({
  /** robots.txt product token, e.g. `gongkai-bot` */
  product: z.string().regex(/^[A-Za-z][\w-]*$/, 'a robots.txt product token: letters, digits, - and _'),
  version: z.string().regex(/^[\w.-]+$/),
  /** project page explaining the crawl */
  url: z.url().optional(),
  email: z.email().optional(),
}).refine((ua) => ua.url || ua.email, { message: 'give a contact url or email' });

export type UserAgentConfig = z.infer<typeof UserAgentSchema>;

/** `gongkai-bot/0.1 (+https://…; mailto:…)`: the form robots.txt matchers and log readers expect. */
export function formatUserAgent(ua: UserAgentConfig): string {
  const contact = [ua.url ? `+${ua.url}` : null, ua.email ? `mailto:${ua.email}` : null].filter(Boolean).join('; ');
  return `${ua.product}/${ua.version} (${contact})`;
}
