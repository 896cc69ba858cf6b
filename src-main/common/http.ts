/**
 * What the HTTP transport (src-main/server/http.ts) and its browser client (src-renderer/src/lib/api.ts) agree on.
 * No imports: the renderer's first chunk includes it.
 */

/** The request header that carries the server's per-run token. */
export const TOKEN_HEADER = 'x-headroom-token';

/** The name of the `<meta>` element in which the server hands the token to the page it serves. */
export const TOKEN_META = 'headroom-token';
