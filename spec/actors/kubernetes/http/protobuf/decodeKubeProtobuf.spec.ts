import { expect } from 'chai';
import * as E from 'fp-ts/Either';
import { resourceForKind } from '../../../../../actors/kubernetes/api/resources.js';
import { decodeKubeProtobuf } from '../../../../../actors/kubernetes/http/protobuf/decodeKubeProtobuf.js';
import { pruneUnknownFields } from '../../../../../actors/kubernetes/http/pruneUnknownFields.js';
import { bytes, cat, int, kubeBody, msg, str } from './protoWriter.js';

/**
 * Request bodies captured from kubectl v1.32.4 (`Content-Type:
 * application/vnd.kubernetes.protobuf`) by a recording HTTP server standing
 * in for the API server, each with the JSON kubectl prints for the same
 * command with `--dry-run=client -o json` (Go's own JSON encoding of the
 * same object).
 */
interface Capture {
  readonly command: string;
  readonly hex: string;
  readonly kubectlJson: Record<string, unknown>;
}

const CAPTURES: ReadonlyArray<Capture> = [
  {
    command: "kubectl create namespace x",
    hex:
      '6b3873000a0f0a02763112094e616d65737061636512190a110a017812001a0022002a0032003800420012001a020a001a002200',
    kubectlJson: {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "x", "creationTimestamp": null}, "spec": {}, "status": {}},
  },
  {
    command: "kubectl create namespace y --save-config",
    hex:
      '6b3873000a0f0a02763112094e616d65737061636512bf010ab6010a017912001a0022002a0032003800420062a2010a306b75626563746c2e6b7562' +
      '65726e657465732e696f2f6c6173742d6170706c6965642d636f6e66696775726174696f6e126e7b226b696e64223a224e616d657370616365222c22' +
      '61706956657273696f6e223a227631222c226d65746164617461223a7b226e616d65223a2279222c226372656174696f6e54696d657374616d70223a' +
      '6e756c6c7d2c2273706563223a7b7d2c22737461747573223a7b7d7d0a12001a020a001a002200',
    kubectlJson: {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "y", "creationTimestamp": null, "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"y\",\"creationTimestamp\":null},\"spec\":{},\"status\":{}}\n"}}, "spec": {}, "status": {}},
  },
  {
    command: "kubectl create deployment hello --image=nginx",
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b3010a230a0568656c6c6f12001a0022002a003200380042005a0c0a03617070' +
      '120568656c6c6f127e0801120e0a0c0a03617070120568656c6c6f1a620a1e0a0012001a0022002a003200380042005a0c0a03617070120568656c6c' +
      '6f124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01' +
      '009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    kubectlJson: {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "hello", "creationTimestamp": null, "labels": {"app": "hello"}}, "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "hello"}}, "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "hello"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx", "resources": {}}]}}, "strategy": {}}, "status": {}},
  },
  {
    command: "kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=8080 -n prod -- /bin/sh -c sleep",
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412d7010a230a0377656212001a0470726f6422002a003200380042005a0a0a0361' +
      '7070120377656212a1010803120c0a0a0a0361707012037765621a86010a1c0a0012001a0022002a003200380042005a0a0a03617070120377656212' +
      '6612480a056e67696e78120a6e67696e783a312e32371a072f62696e2f73681a022d631a05736c6565702a00320b0a00100018903f22002a0042006a' +
      '007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c08001000180020' +
      '00280038001a002200',
    kubectlJson: {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "web", "namespace": "prod", "creationTimestamp": null, "labels": {"app": "web"}}, "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "web"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "command": ["/bin/sh", "-c", "sleep"], "ports": [{"containerPort": 8080}], "resources": {}}]}}, "strategy": {}}, "status": {}},
  },
  {
    command: "kubectl create deployment zero --image=nginx --replicas=0",
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412af010a210a047a65726f12001a0022002a003200380042005a0b0a0361707012' +
      '047a65726f127c0800120d0a0b0a0361707012047a65726f1a610a1d0a0012001a0022002a003200380042005a0b0a0361707012047a65726f124012' +
      '220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100' +
      'c2010022020a00280038001a0c0800100018002000280038001a002200',
    kubectlJson: {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "zero", "creationTimestamp": null, "labels": {"app": "zero"}}, "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "zero"}}, "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "zero"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx", "resources": {}}]}}, "strategy": {}}, "status": {}},
  },
  {
    command: "kubectl create deployment multi --image=nginx --image=busybox",
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412dd010a230a056d756c746912001a0022002a003200380042005a0c0a03617070' +
      '12056d756c746912a7010801120e0a0c0a0361707012056d756c74691a8a010a1e0a0012001a0022002a003200380042005a0c0a0361707012056d75' +
      '6c7469126812220a056e67696e7812056e67696e782a0042006a007200800100880100900100a2010012260a0762757379626f78120762757379626f' +
      '782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c08' +
      '00100018002000280038001a002200',
    kubectlJson: {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "multi", "creationTimestamp": null, "labels": {"app": "multi"}}, "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "multi"}}, "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "multi"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx", "resources": {}}, {"name": "busybox", "image": "busybox", "resources": {}}]}}, "strategy": {}}, "status": {}},
  },
  {
    command: "kubectl create deployment saved --image=nginx --save-config",
    hex:
      '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412d6040ac5030a05736176656412001a0022002a003200380042005a0c0a036170' +
      '7012057361766564629f030a306b75626563746c2e6b756265726e657465732e696f2f6c6173742d6170706c6965642d636f6e66696775726174696f' +
      '6e12ea027b226b696e64223a224465706c6f796d656e74222c2261706956657273696f6e223a22617070732f7631222c226d65746164617461223a7b' +
      '226e616d65223a227361766564222c226372656174696f6e54696d657374616d70223a6e756c6c2c226c6162656c73223a7b22617070223a22736176' +
      '6564227d7d2c2273706563223a7b227265706c69636173223a312c2273656c6563746f72223a7b226d617463684c6162656c73223a7b22617070223a' +
      '227361766564227d7d2c2274656d706c617465223a7b226d65746164617461223a7b226372656174696f6e54696d657374616d70223a6e756c6c2c22' +
      '6c6162656c73223a7b22617070223a227361766564227d7d2c2273706563223a7b22636f6e7461696e657273223a5b7b226e616d65223a226e67696e' +
      '78222c22696d616765223a226e67696e78222c227265736f7572636573223a7b7d7d5d7d7d2c227374726174656779223a7b7d7d2c22737461747573' +
      '223a7b7d7d0a127e0801120e0a0c0a03617070120573617665641a620a1e0a0012001a0022002a003200380042005a0c0a0361707012057361766564' +
      '124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a0100' +
      '9a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    kubectlJson: {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "saved", "creationTimestamp": null, "labels": {"app": "saved"}, "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"saved\",\"creationTimestamp\":null,\"labels\":{\"app\":\"saved\"}},\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"saved\"}},\"template\":{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"saved\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx\",\"resources\":{}}]}},\"strategy\":{}},\"status\":{}}\n"}}, "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "saved"}}, "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "saved"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx", "resources": {}}]}}, "strategy": {}}, "status": {}},
  },
  {
    command: "kubectl create configmap cfg --from-literal=a=1 --from-literal=b=two",
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d617012270a130a0363666712001a0022002a0032003800420012060a016112013112080a0162120374' +
      '776f1a002200',
    kubectlJson: {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "cfg", "creationTimestamp": null}, "data": {"a": "1", "b": "two"}},
  },
  {
    command: "kubectl create configmap bin --from-file=blob=bin.dat --from-literal=k=v",
    hex:
      '6b3873000a0f0a0276311209436f6e6669674d6170122b0a130a0362696e12001a0022002a0032003800420012060a016b1201761a0c0a04626c6f62' +
      '12040001feff1a002200',
    kubectlJson: {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "bin", "creationTimestamp": null}, "data": {"k": "v"}, "binaryData": {"blob": "AAH+/w=="}},
  },
  {
    command: "kubectl create service clusterip web --tcp=80:8080",
    hex:
      '6b3873000a0d0a02763112075365727669636512690a1f0a0377656212001a0022002a003200380042005a0a0a03617070120377656212420a1b0a07' +
      '38302d38303830120354435018502207080010903f1a002800120a0a0361707012037765621a002209436c757374657249503a00420052005a006000' +
      '68001a020a001a002200',
    kubectlJson: {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "web", "creationTimestamp": null, "labels": {"app": "web"}}, "spec": {"ports": [{"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080}], "selector": {"app": "web"}, "type": "ClusterIP"}, "status": {"loadBalancer": {}}},
  },
  {
    command: "kubectl create service clusterip two --tcp=80:8080 --tcp=443:8443",
    hex:
      '6b3873000a0d0a0276311207536572766963651288010a1f0a0374776f12001a0022002a003200380042005a0a0a03617070120374776f12610a1b0a' +
      '0738302d38303830120354435018502207080010903f1a0028000a1d0a083434332d38343433120354435018bb032207080010fb411a002800120a0a' +
      '03617070120374776f1a002209436c757374657249503a00420052005a00600068001a020a001a002200',
    kubectlJson: {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "two", "creationTimestamp": null, "labels": {"app": "two"}}, "spec": {"ports": [{"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080}, {"name": "443-8443", "protocol": "TCP", "port": 443, "targetPort": 8443}], "selector": {"app": "two"}, "type": "ClusterIP"}, "status": {"loadBalancer": {}}},
  },
  {
    command: "kubectl create service clusterip headless --clusterip=None",
    hex:
      '6b3873000a0d0a027631120753657276696365125f0a290a08686561646c65737312001a0022002a003200380042005a0f0a03617070120868656164' +
      '6c657373122e120f0a036170701208686561646c6573731a044e6f6e652209436c757374657249503a00420052005a00600068001a020a001a002200',
    kubectlJson: {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "headless", "creationTimestamp": null, "labels": {"app": "headless"}}, "spec": {"selector": {"app": "headless"}, "clusterIP": "None", "type": "ClusterIP"}, "status": {"loadBalancer": {}}},
  },
  {
    command: "kubectl create service nodeport np --tcp=8080:80 --node-port=30080",
    hex:
      '6b3873000a0d0a02763112075365727669636512670a1d0a026e7012001a0022002a003200380042005a090a0361707012026e7012420a1d0a073830' +
      '38302d3830120354435018903f2206080010501a002880eb0112090a0361707012026e701a0022084e6f6465506f72743a00420052005a0060006800' +
      '1a020a001a002200',
    kubectlJson: {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "np", "creationTimestamp": null, "labels": {"app": "np"}}, "spec": {"ports": [{"name": "8080-80", "protocol": "TCP", "port": 8080, "targetPort": 80, "nodePort": 30080}], "selector": {"app": "np"}, "type": "NodePort"}, "status": {"loadBalancer": {}}},
  },
  {
    command: "kubectl create service loadbalancer lb --tcp=443:https",
    hex:
      '6b3873000a0d0a02763112075365727669636512700a1d0a026c6212001a0022002a003200380042005a090a0361707012026c62124b0a220a093434' +
      '332d6874747073120354435018bb03220b080110001a056874747073280012090a0361707012026c621a00220c4c6f616442616c616e6365723a0042' +
      '0052005a00600068001a020a001a002200',
    kubectlJson: {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "lb", "creationTimestamp": null, "labels": {"app": "lb"}}, "spec": {"ports": [{"name": "443-https", "protocol": "TCP", "port": 443, "targetPort": "https"}], "selector": {"app": "lb"}, "type": "LoadBalancer"}, "status": {"loadBalancer": {}}},
  },
  {
    command: "kubectl create service externalname ext --external-name=example.com",
    hex:
      '6b3873000a0d0a027631120753657276696365125a0a1f0a0365787412001a0022002a003200380042005a0a0a0361707012036578741233120a0a03' +
      '61707012036578741a00220c45787465726e616c4e616d653a004200520b6578616d706c652e636f6d5a00600068001a020a001a002200',
    kubectlJson: {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "ext", "creationTimestamp": null, "labels": {"app": "ext"}}, "spec": {"selector": {"app": "ext"}, "type": "ExternalName", "externalName": "example.com"}, "status": {"loadBalancer": {}}},
  },
  {
    command: "kubectl create priorityclass high --value=1000 --description=high --preemption-policy=Never",
    hex:
      '6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c61737312280a140a046869676812001a0022002a' +
      '0032003800420010e80718002204686967682a054e657665721a002200',
    kubectlJson: {"kind": "PriorityClass", "apiVersion": "scheduling.k8s.io/v1", "metadata": {"name": "high", "creationTimestamp": null}, "value": 1000, "description": "high", "preemptionPolicy": "Never"},
  },
  {
    command: "kubectl create priorityclass low --value=-5 --global-default",
    hex:
      '6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c617373123a0a130a036c6f7712001a0022002a00' +
      '32003800420010fbffffffffffffffff01180122002a14507265656d70744c6f7765725072696f726974791a002200',
    kubectlJson: {"kind": "PriorityClass", "apiVersion": "scheduling.k8s.io/v1", "metadata": {"name": "low", "creationTimestamp": null}, "value": -5, "globalDefault": true, "preemptionPolicy": "PreemptLowerPriority"},
  },
];

/** Go's JSON decoding reads `null` as unset (kubectl writes `creationTimestamp: null`); the front door drops them likewise. */
const withoutNulls = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
};

const decodeRight = (body: Uint8Array): { object: Record<string, unknown>; unknownFields: string[] } => {
  const r = decodeKubeProtobuf(body);
  if (E.isLeft(r)) throw new Error(`expected a decoded object, got ${r.left.reason}: ${r.left.message}`);
  return r.right;
};

const decodeLeft = (body: Uint8Array): { reason: string; code: number; message: string } => {
  const r = decodeKubeProtobuf(body);
  if (E.isRight(r)) throw new Error(`expected a Status, got ${JSON.stringify(r.right.object)}`);
  return { reason: r.left.reason, code: r.left.code, message: r.left.message };
};

describe('decodeKubeProtobuf', () => {
  describe('bodies captured from kubectl 1.32', () => {
    it('should decode the body of `kubectl create namespace x` to the namespace with empty spec and status', () => {
      const body = Buffer.from(
        '6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 19 0a 11 0a 01 78 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 02 0a 00 1a 00 22 00'.replace(/ /g, ''),
        'hex',
      );
      expect(decodeRight(body)).to.deep.equal({ object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: {}, status: {} }, unknownFields: [] });
    });

    for (const c of CAPTURES) {
      it(`should decode \`${c.command}\` to the JSON kubectl itself writes for it`, () => {
        const { object, unknownFields } = decodeRight(Buffer.from(c.hex, 'hex'));
        expect(object).to.deep.equal(withoutNulls(c.kubectlJson));
        expect(unknownFields).to.deep.equal([]);
      });
    }

    for (const c of CAPTURES) {
      it(`should give troupe's ${String(c.kubectlJson.kind)} codec what the JSON body would give it (same pruning, accepted) for \`${c.command}\``, () => {
        const { object } = decodeRight(Buffer.from(c.hex, 'hex'));
        const info = resourceForKind(String(object.kind));
        if (info === undefined) throw new Error(`troupe serves no ${String(object.kind)}`);
        const fromProtobuf = pruneUnknownFields(info.codec, object);
        expect(fromProtobuf).to.deep.equal(pruneUnknownFields(info.codec, withoutNulls(c.kubectlJson)));
        expect(E.isRight(info.codec.decode(fromProtobuf.value))).to.equal(true);
      });
    }

    it('should fail on every truncation of a captured body, unless the cut falls between envelope fields', () => {
      for (const c of CAPTURES) {
        const full = Buffer.from(c.hex, 'hex');
        const whole = decodeRight(full);
        // Cut before the object: a body with an empty object (Go decodes it so too).
        const empty = decodeRight(kubeBody(String(c.kubectlJson.apiVersion), String(c.kubectlJson.kind), new Uint8Array(0)));
        let rights = 0;
        for (let n = 0; n < full.length; n++) {
          const r = decodeKubeProtobuf(full.subarray(0, n));
          if (E.isLeft(r)) {
            expect(r.left.reason, `${c.command} cut to ${n} bytes`).to.equal('BadRequest');
            continue;
          }
          rights++;
          expect([whole, empty], `${c.command} cut to ${n} bytes`).to.deep.include(r.right);
        }
        // After typeMeta, after raw, after contentEncoding.
        expect(rights, c.command).to.equal(3);
      }
    });
  });

  describe('the envelope', () => {
    const namespaceRaw = msg(1, str(1, 'x'));

    it('should accept a raw contentType naming protobuf', () =>
      expect(decodeRight(kubeBody('v1', 'Namespace', namespaceRaw, { contentType: 'application/vnd.kubernetes.protobuf' })).object).to.deep.equal({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'x' },
        spec: {},
        status: {},
      }));

    it('should merge typeMeta sent in two pieces and ignore unknown envelope fields', () => {
      const body = Buffer.from(cat([0x6b, 0x38, 0x73, 0x00], msg(1, str(1, 'apps/v1')), msg(1, str(2, 'ReplicaSet')), str(9, 'ignored'), bytes(2, cat(msg(1, str(1, 'rs')), msg(3, int(1, 2))))));
      expect(decodeRight(body).object).to.deep.equal({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'rs' },
        spec: { template: { metadata: {}, spec: {} } },
        status: { replicas: 2 },
      });
    });

    const failures: Array<[string, Uint8Array, string, number, RegExp]> = [
      ['an empty body', Buffer.alloc(0), 'BadRequest', 400, /^empty body/],
      ['a JSON body', Buffer.from('{"kind":"Namespace"}'), 'BadRequest', 400, /does not appear to be a protobuf message, expected prefix \[107 56 115 0\]/],
      ['a body shorter than the magic', Buffer.from('k8s'), 'BadRequest', 400, /expected prefix/],
      ['the magic alone', Buffer.from('k8s\0'), 'BadRequest', 400, /^empty body: nothing follows/],
      ['a gzip contentEncoding', kubeBody('v1', 'Namespace', namespaceRaw, { contentEncoding: 'gzip' }), 'UnsupportedMediaType', 415, /contentEncoding "gzip" is not supported/],
      ['raw content that is JSON', kubeBody('v1', 'Namespace', Buffer.from('{}'), { contentType: 'application/json' }), 'UnsupportedMediaType', 415, /content of type "application\/json"/],
      ['a missing kind', kubeBody('v1', '', namespaceRaw), 'BadRequest', 400, /Object 'Kind' is missing/],
      ['a missing apiVersion', kubeBody('', 'Namespace', namespaceRaw), 'BadRequest', 400, /Object 'apiVersion' is missing/],
      ['a kind troupe does not decode', kubeBody('v1', 'Secret', namespaceRaw), 'BadRequest', 400, /no kind "Secret" is registered for version "v1".*apps\/v1\/Deployment.*application\/json/],
      ['a kind in the wrong group', kubeBody('v1', 'Deployment', namespaceRaw), 'BadRequest', 400, /no kind "Deployment" is registered for version "v1"/],
      ['a truncated object', kubeBody('v1', 'Namespace', Uint8Array.from([0x0a, 0x05, 0x0a, 0x01])), 'BadRequest', 400, /of v1 Namespace: length of field 1 runs past the end of its message \(at byte 2\d\)/],
      ['an envelope field of the wrong wire type', Buffer.from(cat([0x6b, 0x38, 0x73, 0x00], int(2, 5))), 'BadRequest', 400, /envelope: envelope field 2 has wire type varint, expected bytes \(at byte 4\)/],
      ['a malformed envelope', Buffer.from(cat([0x6b, 0x38, 0x73, 0x00, 0x0f])), 'BadRequest', 400, /envelope: field 1 has illegal wire type 7/],
      ['an object field of the wrong wire type', kubeBody('v1', 'Namespace', msg(1, int(1, 3))), 'BadRequest', 400, /metadata\.name \(field 1\) has wire type varint, expected bytes/],
    ];
    for (const [title, body, reason, code, message] of failures)
      it(`should answer ${title} with ${reason}`, () => {
        const got = decodeLeft(body);
        expect([got.reason, got.code]).to.deep.equal([reason, code]);
        expect(got.message).to.match(message);
      });
  });

  describe('unknown fields', () => {
    const deployment = (container: Uint8Array): Buffer =>
      kubeBody('apps/v1', 'Deployment', cat(msg(1, str(1, 'd')), msg(2, msg(3, msg(2, msg(2, str(1, 'c'), str(2, 'nginx'), container))))));

    it('should skip a field number no schema knows and report its path', () => {
      const r = decodeRight(deployment(msg(99, str(1, 'x'))));
      expect(r.unknownFields).to.deep.equal(['spec.template.spec.containers[0].#99']);
      expect(r.object.spec).to.deep.equal({ template: { metadata: {}, spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }] } }, strategy: {} });
    });

    it('should report a known field troupe does not model by its name (volumeDevices is #21)', () =>
      expect(decodeRight(deployment(msg(21, str(1, 'dev')))).unknownFields).to.deep.equal(['spec.template.spec.containers[0].volumeDevices']));

    it('should report each unknown path once, in the order met', () =>
      expect(decodeRight(deployment(cat(int(77, 1), msg(15, int(1, 1)), int(77, 2), fixed(3)))).unknownFields).to.deep.equal([
        'spec.template.spec.containers[0].#77',
        'spec.template.spec.containers[0].securityContext',
        'spec.template.spec.containers[0].#88',
      ]));

    it('should report unknown top-level fields without a leading dot', () =>
      expect(decodeRight(kubeBody('v1', 'ConfigMap', cat(msg(1, str(1, 'c')), str(5, 'future')))).unknownFields).to.deep.equal(['#5']));
  });
});

/** An unknown fixed64 field #88. */
function fixed(n: number): Uint8Array {
  return cat([0xc1, 0x05], Array(8).fill(n));
}
