import {
  constants,
  createHash,
  createPrivateKey,
  privateEncrypt,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Signer, SignPdfError } from '@signpdf/utils';
import forge from 'node-forge';

/**
 * The `Signer` port: what makes the CMS signature of a PDF's byte ranges. Two implementations:
 * a PKCS#12 file with its password (opened once; signed as @signpdf/signer-p12 signs), and an external signer (a USB token
 * or a remote signing service) that receives the signed attributes and sends the signature
 * value back; node-forge builds the CMS around it. Either way the CMS is a library's.
 */

/** Why a credential cannot sign; each is a message for the person. */
export type CredentialProblem =
  'p12_wrong_password' | 'p12_unreadable' | 'p12_no_key' | 'certificate_unreadable';

export class CredentialError extends Error {
  constructor(readonly problem: CredentialProblem) {
    super(problem);
    this.name = 'CredentialError';
  }
}

/** A signer ready to sign, and the certificate (with its chain) it signs with. */
export interface SigningCredential {
  signer: Signer;
  certificate: X509Certificate;
  chain: X509Certificate[];
}

const OIDS = {
  sha256: '2.16.840.1.101.3.4.2.1',
  contentType: '1.2.840.113549.1.9.3',
  data: '1.2.840.113549.1.7.1',
  signingTime: '1.2.840.113549.1.9.5',
  messageDigest: '1.2.840.113549.1.9.4',
} as const;

const toX509 = (c: forge.pki.Certificate): X509Certificate =>
  new X509Certificate(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary'));

/**
 * The DER of a PKCS#1 `DigestInfo` (the digest's algorithm and value), built with node-forge's
 * ASN.1, as forge's own RSASSA-PKCS1-v1_5 encoder builds it.
 */
function digestInfo(md: forge.md.MessageDigest): Buffer {
  const { asn1 } = forge;
  const oid = forge.pki.oids[md.algorithm];
  if (!oid) throw new Error(`unknown digest ${md.algorithm}`);
  const der = asn1.toDer(
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, md.digest().getBytes()),
    ]),
  );
  return Buffer.from(der.getBytes(), 'binary');
}

/**
 * The private key as forge's PKCS#7 builder uses it (`key.sign(md, 'RSASSA-PKCS1-V1_5')`, once,
 * with the digest of the signed attributes), the RSA operation made by Node's crypto (OpenSSL)
 * instead of forge's JavaScript big integers: the same PKCS#1 v1.5 signature value (block type 1
 * padding over the `DigestInfo`), tens of times faster.
 */
const nativeRsaKey = (key: KeyObject) => ({
  sign: (md: forge.md.MessageDigest): string =>
    privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo(md)).toString('binary'),
});

/**
 * Signs with a key and certificates already read from a PKCS#12 file, exactly as @signpdf's
 * `P12Signer` does after opening the file (node-forge's PKCS#7 builder, every certificate of the
 * file added in its order, the matching one as the signer, SHA-256 and the signed attributes in
 * the order EU validators expect), without opening the file a second time: decoding a .p12
 * (its MAC and the key's PBE, thousands of SHA-1 rounds in JavaScript) is what costs. The RSA
 * operation itself is Node's (`nativeRsaKey`).
 */
export class P12KeySigner extends Signer {
  private readonly key: ReturnType<typeof nativeRsaKey>;

  constructor(
    key: forge.pki.rsa.PrivateKey,
    private readonly certificate: forge.pki.Certificate,
    /** Every certificate of the file, in the file's order (the signer's among them). */
    private readonly certificates: forge.pki.Certificate[],
  ) {
    super();
    this.key = nativeRsaKey(createPrivateKey(forge.pki.privateKeyToPem(key)));
  }

  override sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    if (!(pdfBuffer instanceof Buffer)) {
      throw new SignPdfError('PDF expected as Buffer.', SignPdfError.TYPE_INPUT);
    }
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    for (const c of this.certificates) p7.addCertificate(c);
    p7.addSigner({
      key: this.key as unknown as forge.pki.rsa.PrivateKey,
      certificate: this.certificate,
      digestAlgorithm: OIDS.sha256,
      authenticatedAttributes: [
        { type: OIDS.contentType, value: OIDS.data },
        { type: OIDS.signingTime, value: (signingTime ?? new Date()) as unknown as string },
        { type: OIDS.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Promise.resolve(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'));
  }
}

/**
 * Opens a PKCS#12 file once: finds the certificate that matches its key and answers a signer
 * holding the decoded key and chain (`P12KeySigner`). The password is used here and kept nowhere.
 */
export function p12Credential(p12: Buffer, password: string): SigningCredential {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
    parsed = forge.pkcs12.pkcs12FromAsn1(der, false, password);
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    throw new CredentialError(/password|MAC/i.test(message) ? 'p12_wrong_password' : 'p12_unreadable');
  }
  const keyOid = forge.pki.oids.pkcs8ShroudedKeyBag ?? '';
  const certOid = forge.pki.oids.certBag ?? '';
  const keyBags: forge.pkcs12.Bag[] = parsed.getBags({ bagType: keyOid })[keyOid] ?? [];
  const certBags: forge.pkcs12.Bag[] = parsed.getBags({ bagType: certOid })[certOid] ?? [];
  const key = keyBags[0]?.key;
  if (!key) throw new CredentialError('p12_no_key');
  const certs: forge.pki.Certificate[] = certBags.flatMap((b) => (b.cert ? [b.cert] : []));
  // The last matching one, as P12Signer keeps the last it finds.
  const mine = certs.findLast((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e?.compareTo(key.e) === 0;
  });
  if (!mine) throw new CredentialError('p12_no_key');
  return {
    signer: new P12KeySigner(key, mine, certs),
    certificate: toX509(mine),
    chain: certs.filter((c) => c !== mine).map(toX509),
  };
}

/** Reads certificates given as PEM text or base64 DER (the external signer's start). */
export function readCertificates(items: string[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const item of items) {
    const pems = item.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    try {
      if (pems) for (const p of pems) out.push(new X509Certificate(p));
      else out.push(new X509Certificate(Buffer.from(item.replace(/\s/g, ''), 'base64')));
    } catch {
      throw new CredentialError('certificate_unreadable');
    }
  }
  return out;
}

const forgeCert = (c: X509Certificate): forge.pki.Certificate =>
  forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(c.raw.toString('binary'))));

/**
 * A signer whose private key is elsewhere. forge's PKCS#7 builder calls `key.sign(md)` once with
 * the digest of the signed attributes; this signer answers the value it was given, or (without
 * one) records what is to be signed and answers a dummy value of the right length.
 */
export class ExternalSigner extends Signer {
  /** The DER of the signed attributes (SET), once `sign` ran. */
  signedAttributes: Buffer | null = null;

  constructor(
    private readonly certificates: X509Certificate[],
    private readonly signature: Buffer | null,
  ) {
    super();
  }

  override sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const [leaf] = this.certificates;
    if (!leaf) throw new CredentialError('certificate_unreadable');
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    for (const c of this.certificates) p7.addCertificate(forgeCert(c));
    const modulusBytes = Math.ceil((leaf.publicKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
    const key = {
      sign: (md: forge.md.MessageDigest): string => {
        void md;
        return this.signature ? this.signature.toString('binary') : '\0'.repeat(modulusBytes);
      },
    };
    p7.addSigner({
      key: key as unknown as forge.pki.rsa.PrivateKey,
      certificate: forgeCert(leaf),
      digestAlgorithm: OIDS.sha256,
      // The order @signpdf's P12Signer uses (EU validators expect it).
      authenticatedAttributes: [
        { type: OIDS.contentType, value: OIDS.data },
        { type: OIDS.signingTime, value: (signingTime ?? new Date()) as unknown as string },
        { type: OIDS.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    const signer = (p7 as unknown as { signers: { authenticatedAttributesAsn1: forge.asn1.Asn1 }[] })
      .signers[0];
    if (signer) {
      const set = forge.asn1.create(
        forge.asn1.Class.UNIVERSAL,
        forge.asn1.Type.SET,
        true,
        signer.authenticatedAttributesAsn1.value,
      );
      this.signedAttributes = Buffer.from(forge.asn1.toDer(set).getBytes(), 'binary');
    }
    return Promise.resolve(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'));
  }
}

/** SHA-256 of the signed attributes: what a token that signs hashes is given. */
export const attributesHash = (der: Buffer): Buffer => createHash('sha256').update(der).digest();

/**
 * The trusted roots: every certificate in the files of `dir` (PEM, several per file allowed, or
 * DER). Read at each verification, so roots the operator adds count at once.
 */
export async function loadTrustedRoots(dir: string | undefined): Promise<X509Certificate[]> {
  if (!dir) return [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const roots: X509Certificate[] = [];
  for (const name of names.filter((n) => /\.(pem|crt|cer|der)$/i.test(n)).sort()) {
    const bytes = await readFile(path.join(dir, name)).catch(() => null);
    if (!bytes) continue;
    const text = bytes.toString('latin1');
    const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    for (const item of pems ?? [bytes]) {
      try {
        roots.push(new X509Certificate(item));
      } catch {
        // A file that is not a certificate is skipped; the report counts the roots it read.
      }
    }
  }
  return roots;
}
