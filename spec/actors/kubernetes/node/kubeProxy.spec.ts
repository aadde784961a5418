import { expect } from 'chai';
import { pathRef } from '../../../../lib/actor/index.js';
import { createProbe, itSim } from '../../../../lib/testkit/index.js';
import { bootCluster, deploymentManifest, type ApiReply, type KubeProxyMessage } from '../../../../actors/kubernetes/index.js';

type Reply = { type: 'echo'; pod: string } | { type: 'service-unavailable'; reason: string; message: string };

describe('kube-proxy', () => {
  itSim('should route service messages to ready endpoints round-robin, keep ClientIP affinity, and report services without endpoints', (sim) => {
    const cluster = bootCluster(sim, { workers: 2, proxyMode: 'ipvs' });
    const client = createProbe<ApiReply>(sim, 'client', { node: 'client' });
    const call = (m: object) => {
      sim.tell(cluster.api, { ...m, replyTo: client.ref } as never);
      return client.expectMessage(5_000);
    };
    sim.runFor(2_000);
    call({ type: 'create', resource: 'deployments', namespace: 'default', body: deploymentManifest('web', 2, 'echo') });
    call({ type: 'create', resource: 'services', namespace: 'default', body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } });
    call({ type: 'create', resource: 'services', namespace: 'default', body: { metadata: { name: 'sticky' }, spec: { selector: { app: 'web' }, sessionAffinity: 'ClientIP', ports: [{ port: 80 }] } } });
    call({ type: 'create', resource: 'services', namespace: 'default', body: { metadata: { name: 'empty' }, spec: { selector: { app: 'none' }, ports: [{ port: 80 }] } } });
    sim.runFor(20_000);
    const user = createProbe<Reply>(sim, 'user', { node: 'client' });
    const proxy = pathRef<KubeProxyMessage>('node-1', '/kube-proxy');
    const send = (service: string, clientIP?: string): Reply => {
      sim.tell(proxy, { type: 'send', service, clientIP, message: { type: 'hello', replyTo: user.ref }, replyTo: user.ref as never });
      return user.expectMessage(1_000);
    };
    const rr = [send('default/web'), send('default/web'), send('default/web'), send('default/web')].map((r) => (r.type === 'echo' ? r.pod : r.reason));
    expect(new Set(rr).size).to.equal(2);
    expect(rr[0]).to.equal(rr[2]);
    expect(rr[0]).to.not.equal(rr[1]);
    const sticky = [send('default/sticky', '1.2.3.4'), send('default/sticky', '1.2.3.4'), send('default/sticky', '1.2.3.4')].map((r) => (r.type === 'echo' ? r.pod : r.reason));
    expect(new Set(sticky).size).to.equal(1);
    expect(send('default/empty')).to.deep.equal({ type: 'service-unavailable', reason: 'NoEndpoints', message: 'no endpoints available for service "default/empty"' });
    expect(send('default/nope')).to.include({ type: 'service-unavailable', reason: 'ServiceNotFound' });
  }, { seed: 2 });
});
