/** What a kubeconfig for one troupe API server says. */
export interface KubeconfigOptions {
  /** `https://127.0.0.1:6443` or `http://…`. */
  readonly server: string;
  /** PEM of the CA that signed the server certificate (HTTPS). */
  readonly caCertPem?: string;
  /** Bearer token the server accepts. */
  readonly token?: string;
  /** Name of the cluster, user and context. @default 'troupe' */
  readonly name?: string;
  /** Default namespace of the context. @default 'default' */
  readonly namespace?: string;
}

const quote = (s: string): string => JSON.stringify(s); // a JSON string is a valid YAML scalar

/**
 * A kubeconfig (YAML) with one cluster, user and context, selected as the
 * current context: `KUBECONFIG=<file> kubectl get nodes` works with it, and
 * so does `@kubernetes/client-node`'s `loadFromFile`.
 *
 * @example
 * writeFileSync(path, kubeconfigYaml({ server: 'https://127.0.0.1:6443', caCertPem, token }));
 */
export const kubeconfigYaml = (o: KubeconfigOptions): string => {
  const name = o.name ?? 'troupe';
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${quote(name)}`,
    '  cluster:',
    `    server: ${quote(o.server)}`,
  ];
  if (o.caCertPem !== undefined) lines.push(`    certificate-authority-data: ${Buffer.from(o.caCertPem, 'utf8').toString('base64')}`);
  lines.push('users:', `- name: ${quote(name)}`, '  user:');
  if (o.token !== undefined) lines.push(`    token: ${quote(o.token)}`);
  else lines[lines.length - 1] = '  user: {}';
  lines.push(
    'contexts:',
    `- name: ${quote(name)}`,
    '  context:',
    `    cluster: ${quote(name)}`,
    `    user: ${quote(name)}`,
    `    namespace: ${quote(o.namespace ?? 'default')}`,
    `current-context: ${quote(name)}`,
    'preferences: {}',
    '',
  );
  return lines.join('\n');
};
