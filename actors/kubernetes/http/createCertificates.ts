import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** PEM material of a generated certificate authority and a server certificate it signed. */
export interface Certificates {
  /** The CA certificate (what a kubeconfig's `certificate-authority-data` carries). */
  readonly caCertPem: string;
  /** The server certificate, signed by the CA. */
  readonly certPem: string;
  /** The server certificate's private key. */
  readonly keyPem: string;
}

/** Options of {@link createCertificates}. */
export interface CertificateOptions {
  /** Host names and IP addresses the server certificate is valid for. @default ['127.0.0.1', 'localhost'] */
  hosts?: ReadonlyArray<string>;
  /** Start of validity, epoch ms (pass the clock's now: this module never reads the wall clock). */
  nowMs: number;
  /** Validity in days. @default 365 */
  days?: number;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const DAY_MS = 86_400_000;

const rsaKeys = (): forge.pki.rsa.KeyPair => {
  // Node's native generator: forge's pure-JS RSA key generation takes seconds.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const priv = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: priv, publicKey: forge.pki.setRsaPublicKey(priv.n, priv.e) };
};

const serial = (): string => {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f; // a positive ASN.1 INTEGER
  return bytes.toString('hex');
};

const validity = (cert: forge.pki.Certificate, nowMs: number, days: number): void => {
  // Back-date a little: a client whose clock runs slightly behind still accepts it.
  cert.validity.notBefore = new Date(nowMs - 3_600_000);
  cert.validity.notAfter = new Date(nowMs + days * DAY_MS);
};

/**
 * Generate a self-signed certificate authority ("troupe-ca") and a server
 * certificate for `hosts` signed by it — what `troupe kube` serves HTTPS
 * with and puts in the kubeconfig, so kubectl and client-node verify the
 * server instead of skipping TLS verification. RSA 2048, SHA-256.
 *
 * @example
 * const { caCertPem, certPem, keyPem } = createCertificates({ nowMs: clock.now() });
 * https.createServer({ cert: certPem, key: keyPem }, handler);
 */
export const createCertificates = (options: CertificateOptions): Certificates => {
  const days = options.days ?? 365;
  const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];

  const caKeys = rsaKeys();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  validity(ca, options.nowMs, days);
  const caName = [{ name: 'commonName', value: 'troupe-ca' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  validity(cert, options.nowMs, days);
  cert.setSubject([{ name: 'commonName', value: 'troupe-apiserver' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map((h) => (IPV4.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h })) },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  return { caCertPem: forge.pki.certificateToPem(ca), certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
};
