import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/**
 * Reads a CMS SignedData (RFC 5652) with node-forge's ASN.1 parser. forge's own PKCS#7 reader
 * only knows RSA certificates, and documents from other agencies may carry ECDSA ones, so the
 * structure is walked here and the certificates are handed to Node's X509Certificate.
 */

const { asn1 } = forge;
type Node = forge.asn1.Asn1;

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;

/** Digest algorithms by OID, as Node names them. */
export const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface ParsedCms {
  certificates: X509Certificate[];
  /** The first signer's: what signed, and over what. */
  signerSerial: string | null;
  digestAlgorithm: string | null;
  /** DER of the signed attributes as a SET (what the signature covers), or null without them. */
  signedAttributes: Buffer | null;
  messageDigest: Buffer | null;
  signingTime: Date | null;
  signature: Buffer;
}

export class CmsParseError extends Error {}

const children = (n: Node | undefined): Node[] => (n && Array.isArray(n.value) ? n.value : []);
const bytesOf = (n: Node | undefined): string => (n && typeof n.value === 'string' ? n.value : '');
const ctx = (n: Node, tag: number) =>
  n.tagClass === asn1.Class.CONTEXT_SPECIFIC && (n.type as number) === tag;

/** Parses the DER (trailing zero padding of a PDF's /Contents allowed). */
export function parseCms(der: Uint8Array): ParsedCms {
  let root: Node;
  try {
    // Options forge takes (its types only list `strict`): the padding after the DER is allowed.
    const options = { parseAllBytes: false, strict: false, decodeBitStrings: false } as unknown as boolean;
    root = asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary')), options);
  } catch {
    throw new CmsParseError('not DER');
  }
  const [typeNode, wrapped] = children(root);
  if (asn1.derToOid(bytesOf(typeNode)) !== OID.signedData) throw new CmsParseError('not SignedData');
  const signedData = children(wrapped)[0];
  const parts = children(signedData);
  const certificates: X509Certificate[] = [];
  let signerInfos: Node | undefined;
  for (const p of parts.slice(3)) {
    if (ctx(p, 0)) {
      for (const c of children(p)) {
        try {
          certificates.push(new X509Certificate(Buffer.from(asn1.toDer(c).getBytes(), 'binary')));
        } catch {
          // An unreadable certificate is left out; the chain will say what is missing.
        }
      }
    } else if (p.tagClass === asn1.Class.UNIVERSAL && p.type === asn1.Type.SET) signerInfos = p;
  }
  const info = children(signerInfos)[0];
  if (!info) throw new CmsParseError('no signer');
  const fields = children(info);
  const sid = fields[1];
  const serialNode = sid && !ctx(sid, 0) ? children(sid)[1] : undefined;
  const signerSerial = serialNode
    ? forge.util.bytesToHex(bytesOf(serialNode)).replace(/^(00)+(?=.)/, '')
    : null;
  const digestAlgorithm = DIGESTS[asn1.derToOid(bytesOf(children(fields[2])[0]))] ?? null;
  let at = 3;
  let signedAttributes: Buffer | null = null;
  let messageDigest: Buffer | null = null;
  let signingTime: Date | null = null;
  const attrs = fields[at];
  if (attrs && ctx(attrs, 0)) {
    at += 1;
    const set = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children(attrs));
    signedAttributes = Buffer.from(asn1.toDer(set).getBytes(), 'binary');
    for (const attr of children(attrs)) {
      const [oid, values] = children(attr);
      const value = children(values)[0];
      const type = asn1.derToOid(bytesOf(oid));
      if (type === OID.messageDigest) messageDigest = Buffer.from(bytesOf(value), 'binary');
      if (type === OID.signingTime && value) {
        const text = bytesOf(value);
        signingTime =
          value.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(text) : asn1.generalizedTimeToDate(text);
      }
    }
  }
  const signature = Buffer.from(bytesOf(fields[at + 1]), 'binary');
  if (signature.length === 0) throw new CmsParseError('no signature value');
  return {
    certificates,
    signerSerial,
    digestAlgorithm,
    signedAttributes,
    messageDigest,
    signingTime,
    signature,
  };
}

/** The serial as Node prints it, upper-case hex without leading zeros, for comparison. */
export const normSerial = (s: string): string => s.toUpperCase().replace(/^(0)+(?=.)/, '');
