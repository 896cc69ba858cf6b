/** What the top bar and the dashboard say about a workspace's data (its DataOrigin), in a few words. */
import type { DataOrigin } from '../../../src-main/common/domain';

export interface OriginBadge {
  text: string;
  /** warn: contains made-up data; accent: public data; plain otherwise. */
  tone: 'warn' | 'accent' | '';
  /** The full sentence, for the tooltip. */
  title: string;
}

/**
 * The top bar's badge: "synthetic demo data" for the demo (any part of it), "public data · as of …" for the public
 * starter data, "public data + your own" for a mixture; none for the user's own data alone or an empty workspace.
 */
export function originBadge(o: DataOrigin | undefined): OriginBadge | null {
  if (!o || o.kind === 'empty' || o.kind === 'user') return null;
  if (o.parts.includes('demo')) return { text: o.kind === 'demo' ? 'synthetic demo data' : 'part synthetic demo data', tone: 'warn', title: o.label };
  const pub = `public data · as of ${o.asOf ?? '?'}`;
  return { text: o.kind === 'public' ? pub : `${pub} + your own`, tone: 'accent', title: o.label };
}
