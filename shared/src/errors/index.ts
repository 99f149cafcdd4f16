/** Stable error codes carried on the wire, in REST bodies and in socket acks. */
export const ErrorCode = {
  invalid_input: 'invalid_input',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  rate_limited: 'rate_limited',
  payload_too_large: 'payload_too_large',
  unsupported_media_type: 'unsupported_media_type',
  unsupported_protocol: 'unsupported_protocol',
  invalid_state: 'invalid_state',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field (or one CSV line) of an input. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. "password" or "rows.3.username". */
  path: string;
  message: string;
  /** 1-based line number, for file imports. */
  line?: number;
}

/** The error shape on the wire: REST bodies are `{ error: WireError }`, failed acks carry it too. */
export interface WireError {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

/** Body of every non-2xx REST response. */
export interface ErrorBody {
  error: WireError;
}
