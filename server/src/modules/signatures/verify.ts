import type { X509Certificate } from 'node:crypto';
import { createHash, verify as verifySignature } from 'node:crypto';
import type { CertificateInfo, SignatureProblem, SignatureReport } from '@icabinet/shared';
import { CmsParseError, normSerial, parseCms } from './cms-parse.js';

/** One signature dictionary found in the file: its byte range and its /Contents. */
interface FoundSignature {
  byteRange: [number, number, number, number];
  contents: Buffer | null;
}

/**
 * The signatures of a PDF, found by their `/ByteRange` arrays in the file's bytes. A signature
 * dictionary is never compressed (its /Contents must sit in the file between the two ranges), so
 * reading the bytes finds every one, also in a file other tools would call damaged.
 */
export function findSignatures(pdf: Buffer): FoundSignature[] {
  const found: FoundSignature[] = [];
  const text = pdf.toString('latin1');
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const br = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    const start = br[0] + br[1];
    const end = br[2];
    let contents: Buffer | null = null;
    if (end > start && end <= pdf.length && pdf[start] === 0x3c && pdf[end - 1] === 0x3e) {
      const hex = text.slice(start + 1, end - 1);
      if (/^[0-9A-Fa-f\s]*$/.test(hex)) contents = Buffer.from(hex.replace(/\s/g, ''), 'hex');
    }
    found.push({ byteRange: br, contents });
  }
  return found.sort((a, b) => a.byteRange[2] + a.byteRange[3] - (b.byteRange[2] + b.byteRange[3]));
}

const cn = (dn: string): string | null => /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1] ?? null;
const oneLine = (dn: string): string => dn.split('\n').reverse().join(', ');
const iso = (s: string): string => new Date(Date.parse(s)).toISOString();

/** A certificate as a report shows it. */
export function certificateInfo(c: X509Certificate): CertificateInfo {
  return {
    subject: oneLine(c.subject),
    commonName: cn(c.subject),
    issuer: oneLine(c.issuer),
    serialNumber: normSerial(c.serialNumber),
    validFrom: iso(c.validFrom),
    validTo: iso(c.validTo),
  };
}

const issuedBy = (child: X509Certificate, parent: X509Certificate): boolean => {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
};

/**
 * The chain from `leaf` up through `pool` (the certificates in the signature), and whether it
 * reaches one of `roots`: a root itself, or a certificate a root issued.
 */
export function buildChain(
  leaf: X509Certificate,
  pool: X509Certificate[],
  roots: X509Certificate[],
): { chain: X509Certificate[]; trusted: boolean } {
  const chain = [leaf];
  let cur = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (roots.some((r) => r.fingerprint256 === cur.fingerprint256)) return { chain, trusted: true };
    const root = roots.find((r) => issuedBy(cur, r));
    if (root) return { chain: [...chain, root], trusted: true };
    const next = pool.find((c) => c.fingerprint256 !== cur.fingerprint256 && issuedBy(cur, c));
    if (!next || chain.some((c) => c.fingerprint256 === next.fingerprint256)) break;
    chain.push(next);
    cur = next;
  }
  return { chain, trusted: false };
}

/** Checks one signature: the CMS over its byte ranges, the certificate, the chain. */
function checkOne(
  pdf: Buffer,
  sig: FoundSignature,
  roots: X509Certificate[],
): Omit<SignatureReport, 'index' | 'changedAfterSigning' | 'laterSignaturesOnly' | 'valid'> {
  const [a, b, c, d] = sig.byteRange;
  const problems: SignatureProblem[] = [];
  const base = {
    signer: null,
    signingTime: null,
    intact: false,
    coversWholeDocument: c + d === pdf.length,
    certificateValidAtSigning: false,
    trusted: false,
    chain: [] as string[],
  };
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length || !sig.contents) {
    return { ...base, coversWholeDocument: false, problems: ['byte_range_invalid'] };
  }
  let cms;
  try {
    cms = parseCms(sig.contents);
  } catch (e) {
    if (e instanceof CmsParseError) return { ...base, problems: ['cms_unreadable'] };
    throw e;
  }
  const signed = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
  const leaf = cms.certificates.find(
    (x) => cms.signerSerial && normSerial(x.serialNumber) === normSerial(cms.signerSerial),
  );
  const signingTime = cms.signingTime ? cms.signingTime.toISOString() : null;
  if (!cms.digestAlgorithm) return { ...base, signingTime, problems: ['unsupported_algorithm'] };
  const digest = createHash(cms.digestAlgorithm).update(signed).digest();
  let intact = true;
  if (cms.signedAttributes ? !cms.messageDigest?.equals(digest) : false) {
    intact = false;
    problems.push('digest_mismatch');
  }
  if (!leaf) {
    return { ...base, signingTime, intact: false, problems: [...problems, 'signer_certificate_missing'] };
  }
  try {
    const ok = verifySignature(
      cms.digestAlgorithm,
      cms.signedAttributes ?? signed,
      leaf.publicKey,
      cms.signature,
    );
    if (!ok) {
      intact = false;
      problems.push('signature_invalid');
    }
  } catch {
    intact = false;
    problems.push('unsupported_algorithm');
  }
  const at = cms.signingTime ?? new Date();
  let validAtSigning = true;
  if (at.getTime() > Date.parse(leaf.validTo)) {
    validAtSigning = false;
    problems.push('certificate_expired_at_signing');
  } else if (at.getTime() < Date.parse(leaf.validFrom)) {
    validAtSigning = false;
    problems.push('certificate_not_yet_valid_at_signing');
  }
  const { chain, trusted } = buildChain(leaf, cms.certificates, roots);
  if (!trusted) problems.push('untrusted_chain');
  return {
    signer: certificateInfo(leaf),
    signingTime,
    intact,
    coversWholeDocument: c + d === pdf.length,
    certificateValidAtSigning: validAtSigning,
    trusted,
    chain: chain.map((x) => oneLine(x.subject)),
    problems,
  };
}

/**
 * Every signature of `pdf`, oldest first. Bytes added after a signature are accepted as
 * "later signatures only" when a later intact signature covers the whole file (the usual second
 * signer); otherwise the signature is reported as changed after signing.
 */
export function verifyPdf(pdf: Buffer, roots: X509Certificate[]): SignatureReport[] {
  const checked = findSignatures(pdf).map((s) => checkOne(pdf, s, roots));
  const lastCoversAll = checked.findLast((r) => r.coversWholeDocument && r.intact) !== undefined;
  return checked.map((r, i) => {
    const laterSignaturesOnly = !r.coversWholeDocument && r.intact && lastCoversAll;
    const changedAfterSigning = !r.intact || (!r.coversWholeDocument && !laterSignaturesOnly);
    const problems = [...r.problems];
    if (changedAfterSigning && !problems.includes('changed_after_signing'))
      problems.push('changed_after_signing');
    return {
      index: i + 1,
      ...r,
      changedAfterSigning,
      laterSignaturesOnly,
      problems,
      valid: r.intact && !changedAfterSigning && r.trusted && r.certificateValidAtSigning,
    };
  });
}
