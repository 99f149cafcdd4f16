/**
 * Version of the realtime protocol. A client sends it in the handshake (`auth.protocolVersion`);
 * the server refuses any other value with `unsupported_protocol` so old tablets are told to update.
 *
 * 2: packets carrying bytes travel as one MessagePack frame (`wire-parser.ts`).
 */
export const PROTOCOL_VERSION = 2;
