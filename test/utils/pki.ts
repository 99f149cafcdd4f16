import forge from 'node-forge';

/**
 * Certificates made by the tests, never committed: a test CA, signers it issues (valid or
 * expired), and a second CA with its own signer. Keys are 2048-bit RSA made with node-forge;
 * making one takes a moment, so a suite builds its PKI once.
 */

export interface TestIdentity {
  /** PKCS#12 (DER) with the key, the certificate and the issuing CA, under `password`. */
  p12: Buffer;
  password: string;
  certPem: string;
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
}

export interface TestCa {
  certPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

let serial = 1;
const nextSerial = (): string => (0x1000 + serial++).toString(16);

const keys = (): forge.pki.rsa.KeyPair => forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });

/** A self-signed CA certificate. */
export function makeCa(name: string): TestCa {
  const { privateKey, publicKey } = keys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = nextSerial();
  cert.validity.notBefore = new Date(Date.now() - 365 * 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const attrs = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'I-Cabinet test PKI' },
    { name: 'countryName', value: 'VN' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { cert, key: privateKey, certPem: forge.pki.certificateToPem(cert) };
}

/** A signer's certificate issued by `ca` (UTF-8 common name), packed with its key in a PKCS#12. */
export function makeSigner(
  ca: TestCa,
  commonName: string,
  opts: { password?: string; expired?: boolean; email?: string } = {},
): TestIdentity {
  const { privateKey, publicKey } = keys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = nextSerial();
  const day = 86_400_000;
  cert.validity.notBefore = new Date(Date.now() - (opts.expired ? 400 : 30) * day);
  cert.validity.notAfter = new Date(Date.now() + (opts.expired ? -30 : 365) * day);
  cert.setSubject([
    { name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 },
    { name: 'organizationName', value: 'UBND Thanh pho' },
    { name: 'countryName', value: 'VN' },
    ...(opts.email ? [{ name: 'emailAddress', value: opts.email }] : []),
  ] as forge.pki.CertificateField[]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  const password = opts.password ?? 'mat-khau-thu';
  const asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, [cert, ca.cert], password, { algorithm: '3des' });
  const p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  return { p12, password, cert, key: privateKey, certPem: forge.pki.certificateToPem(cert) };
}

/** An RSA PKCS#1 v1.5 SHA-256 signature of `data`: what a USB token does for the external signer. */
export function tokenSign(identity: TestIdentity, data: Buffer): Buffer {
  const md = forge.md.sha256.create();
  md.update(data.toString('binary'));
  return Buffer.from(identity.key.sign(md), 'binary');
}

/**
 * Signs one of a meeting's official documents (`invitation`, `conclusion_notice`, `minutes`)
 * through the API with a .p12, as `cookie`'s owner does in the app. Answers the status and the
 * parsed reply.
 */
export async function signWithP12(
  url: string,
  cookie: string | undefined,
  meetingId: string,
  type: 'invitation' | 'conclusion_notice' | 'minutes',
  identity: Pick<TestIdentity, 'p12' | 'password'>,
): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  form.set('p12', new Blob([new Uint8Array(identity.p12)]), 'chu-ky.p12');
  form.set('password', identity.password);
  const res = await fetch(`${url}/api/meetings/${meetingId}/official-documents/${type}/sign`, {
    method: 'POST',
    headers: { cookie: cookie ?? '' },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}
