/**
 * Version of the realtime protocol. A client sends it in the handshake (`auth.protocolVersion`);
 * the server refuses any other value with `unsupported_protocol` so old tablets are told to update.
 *
 * 2: packets carrying bytes travel as one MessagePack frame (`wire-parser.ts`).
 * 3: an annotation is stored as one record's bytes (`encodeAnnotation`); a client of 2 would not
 *    show the strokes of a 3 and would write the earlier form.
 */
export const PROTOCOL_VERSION = 3;
