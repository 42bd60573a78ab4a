/** Why the server closed a document socket; API.md documents the 44xx codes for clients. */
export const CloseCode = {
  malformed: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooLarge: 4413,
  /** An update that would put into the document something its shape does not allow. */
  invalidShape: 4422,
  /** Too many sockets for one user or address. */
  tooMany: 4429,
  /** The client stopped reading: its unsent messages passed the bound. Reconnect to resync. */
  tooSlow: 4408,
  /** The server is shutting down; reconnect elsewhere or later. */
  goingAway: 1001,
  /** Storage failed; the client should reconnect and resync. */
  internalError: 1011,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
