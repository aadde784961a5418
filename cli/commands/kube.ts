import { ExitCode, parse, parseInteger, UsageError, type Command } from '../Command.js';
import * as E from 'fp-ts/Either';
import { parseStoreUrl, startKubeServer } from '../../actors/kubernetes/index.js';

/** `troupe kube`: the Kubernetes control plane with simulated nodes behind the REST API, until Ctrl-C. */
export const kubeCommand: Command = {
  name: 'kube',
  summary: 'serve a Kubernetes control plane with simulated nodes over the REST API (kubectl works)',
  help: `Usage: troupe kube [--nodes N] [--port P] [--host H] [--kubeconfig FILE] [--insecure-http] [--no-auth]
                  [--store etcd://HOST:PORT] [--max-body-bytes B] [--seed S] [--json]

Run the control plane (state store, API server, scheduler, controller manager)
and N simulated nodes (kubelet + kube-proxy each; containers are actors) on the
real clock, serve the Kubernetes REST API, and write a kubeconfig:

  KUBECONFIG=<printed path> kubectl get nodes

Options:
  --nodes N            simulated worker nodes [3]
  --port P             port to listen on (0: any free port) [6443]
  --host H             address to listen on [127.0.0.1]
  --kubeconfig FILE    where to write the kubeconfig [.troupe/kube/kubeconfig]
  --insecure-http      serve plain HTTP instead of HTTPS (loopback only)
  --no-auth            accept requests without the bearer token (loopback only)
  --store URL          state store: 'embedded' or etcd://HOST:PORT[/PREFIX] (a real etcd v3) [embedded]
  --max-body-bytes B   largest request body; more gets 413 [3145728]
  --seed S             seed of the actor system [1]
  --json               print the server's address, kubeconfig and token as JSON
  -h, --help           show this help`,
  async run(args, io) {
    const { values } = parse(
      args,
      {
        nodes: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        kubeconfig: { type: 'string' },
        'insecure-http': { type: 'boolean' },
        'no-auth': { type: 'boolean' },
        store: { type: 'string' },
        'max-body-bytes': { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
      },
      false,
    );
    const store = values.store ?? 'embedded';
    const parsed = parseStoreUrl(store);
    if (E.isLeft(parsed)) throw new UsageError(`--store must be 'embedded' or etcd://HOST:PORT[/PREFIX] (${parsed.left.reason}), not '${store}'`);
    const server = await startKubeServer({
      nodes: values.nodes === undefined ? 3 : parseInteger('nodes', values.nodes),
      port: values.port === undefined ? 6443 : parseInteger('port', values.port),
      host: values.host ?? '127.0.0.1',
      tls: values['insecure-http'] !== true,
      token: values['no-auth'] === true ? null : undefined,
      ...(values.kubeconfig === undefined ? {} : { kubeconfigPath: values.kubeconfig }),
      ...(values['max-body-bytes'] === undefined ? {} : { maxBodyBytes: parseInteger('max-body-bytes', values['max-body-bytes']) }),
      ...(store === 'embedded' ? {} : { store }),
      seed: values.seed === undefined ? 1 : parseInteger('seed', values.seed),
    });
    if (values.json === true) io.out(`${JSON.stringify({ url: server.url, kubeconfig: server.kubeconfigPath, token: server.token ?? null, nodes: server.cluster.workers })}\n`);
    else {
      io.out(`Kubernetes API: ${server.url} (${server.cluster.workers.length} nodes: ${server.cluster.workers.join(', ')})\n`);
      io.out(`kubeconfig:     ${server.kubeconfigPath}\n`);
      io.out(`try:            KUBECONFIG=${server.kubeconfigPath} kubectl get nodes\n`);
      io.out('Ctrl-C to stop\n');
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await server.close();
    return ExitCode.Ok;
  },
};
