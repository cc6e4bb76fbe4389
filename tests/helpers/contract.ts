import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { createApp } from '../../functions/app';
import { describeApi } from '../../functions/contract/describe-api';

/**
 * Holds every answer the API tests receive to the API's description: the operation must
 * list the status, and a JSON body must be valid against the schema it names. A route
 * the description does not know (an unknown path's 404, the staff socket's route) is not
 * an operation and is left alone; `tests/api/contract.test.ts` checks that list.
 */

type App = ReturnType<typeof createApp>;
type JsonSchema = Record<string, unknown>;
interface Response200 {
  content?: Record<string, { schema: { $ref?: string } }>;
}

const document = describeApi();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'api', components: document.components } as JsonSchema);

const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
  Object.entries(methods as Record<string, { operationId: string; responses: Record<string, Response200> }>).map(([method, operation]) => ({
    method: method.toUpperCase(),
    pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
    operation,
  })),
);

/** The described operation a request reached, if any. */
export function operationFor(method: string, pathname: string) {
  const path = pathname.replace(/^\/api(?=\/|$)/, '') || '/';
  return operations.find((o) => o.method === method.toUpperCase() && o.pattern.test(path));
}

/** Throws when `response` is not what the description says this request may get. */
export async function checkAgainstContract(method: string, url: URL, response: Response): Promise<void> {
  const found = operationFor(method, url.pathname);
  if (!found) return;
  const { operationId, responses } = found.operation;
  const reply = responses[String(response.status)];
  if (!reply) {
    throw new Error(
      `${operationId} answered ${response.status}, which its description does not list (${Object.keys(responses).join(', ')})`,
    );
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const content = reply.content?.[type];
  if (!reply.content) {
    const body = await response.clone().text();
    if (body) throw new Error(`${operationId} ${response.status} has a body its description does not describe`);
    return;
  }
  if (!content)
    throw new Error(`${operationId} ${response.status} answered ${type || 'no content type'}, not ${Object.keys(reply.content)}`);
  if (type !== 'application/json') return;
  const validate = ajv.getSchema(`api${content.schema.$ref}`);
  if (!validate) throw new Error(`${operationId}: no schema ${content.schema.$ref}`);
  const body: unknown = await response.clone().json();
  if (!validate(body)) {
    throw new Error(`${operationId} ${response.status} body does not match ${content.schema.$ref}: ${ajv.errorsText(validate.errors)}`);
  }
}

/** The app, with every answer to `app.request` checked against the description. */
export function checkedApp(app: App): App {
  const request = app.request.bind(app);
  const checked: App['request'] = async (input, init, ...rest) => {
    const response = await request(input, init, ...rest);
    const url = input instanceof Request ? new URL(input.url) : new URL(String(input), 'http://localhost');
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET');
    await checkAgainstContract(method, url, response);
    return response;
  };
  return Object.assign(app, { request: checked });
}
