import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { status } from '../api/Status.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, KUBE_VERSION } from './discovery.js';
import { parseApiPath } from './apiPath.js';
import { handleResource } from './handleResource.js';
import { sendJson, sendStatus, sendText } from './httpIo.js';
import type { KubeHttpContext } from './KubeHttpContext.js';

const notFound = status('NotFound', 'the server could not find the requested resource');

const authorized = (ctx: KubeHttpContext, req: IncomingMessage): boolean => {
  if (ctx.token === undefined) return true;
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (m === null) return false;
  const given = Buffer.from(m[1].trim(), 'utf8');
  const want = Buffer.from(ctx.token, 'utf8');
  return given.length === want.length && timingSafeEqual(given, want);
};

/**
 * The request handler of troupe's Kubernetes API front door: bearer-token
 * authentication (401 Status without it), discovery, OpenAPI, health, and
 * resource requests (see {@link handleResource}). Aggregated discovery
 * (`Accept: …as=APIGroupDiscoveryList`) is declined by answering the plain
 * documents as `application/json`, which kubectl 1.3x accepts as a
 * fallback. `/openapi/v2` answers an empty 200 (`application/octet-stream`):
 * kubectl then finds no schema and skips client-side validation, and the
 * server validates with `fieldValidation` instead; `/openapi/v3` lists no
 * group-versions. Nothing a client sends can throw out of here.
 */
export const createKubeHandler = (ctx: KubeHttpContext) => (req: IncomingMessage, res: ServerResponse): void => {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://troupe.invalid');
  } catch {
    return sendStatus(res, status('BadRequest', 'malformed request URL'));
  }
  if (!authorized(ctx, req)) return sendStatus(res, status('Unauthorized', 'Unauthorized'));
  const path = parseApiPath(url.pathname);
  const pretty = url.searchParams.get('pretty') === 'true';
  const method = req.method ?? 'GET';
  if (path.type !== 'resource' && method !== 'GET' && method !== 'HEAD') {
    res.setHeader('Allow', 'GET');
    return sendStatus(res, status('MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`));
  }
  switch (path.type) {
    case 'version':
      return sendJson(res, 200, KUBE_VERSION, pretty);
    case 'healthz':
      return sendText(res, 200, 'ok');
    case 'core-versions':
      return sendJson(res, 200, apiVersions(ctx.serverAddress), pretty);
    case 'groups':
      return sendJson(res, 200, apiGroupList(), pretty);
    case 'group': {
      const g = apiGroup(path.group);
      return g === undefined ? sendStatus(res, notFound) : sendJson(res, 200, g, pretty);
    }
    case 'resources': {
      const list = apiResourceList(path.group, path.version);
      return list === undefined ? sendStatus(res, notFound) : sendJson(res, 200, list, pretty);
    }
    case 'openapi-v2':
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': '0' });
      res.end();
      return;
    case 'openapi-v3':
      return sendJson(res, 200, { paths: {} }, pretty);
    case 'openapi-v3-group':
      return sendStatus(res, notFound);
    case 'resource':
      handleResource(ctx, path, req, res, url.searchParams).catch((err: unknown) => {
        sendStatus(res, status('InternalError', `internal error: ${err instanceof Error ? err.message : String(err)}`));
      });
      return;
    case 'unknown':
      return sendStatus(res, notFound);
  }
};
