/** Who is asking: every render belongs to one owner (an API key, or `public` with auth off). */
export interface Principal {
  owner: string;
  keyId: string | null;
}

/** The one owner of everything when the server runs without API keys. */
export const PUBLIC_PRINCIPAL: Principal = { owner: 'public', keyId: null };

/** The operator's metrics scraper (METRICS_TOKEN): owns nothing, may read every tenant's metrics. */
export const OPERATOR_PRINCIPAL: Principal = { owner: 'operator', keyId: null };
