// The Node.js runtime of the Lambda harness: what /var/runtime is in a
// nodejs22.x execution environment, reduced to the Lambda Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html):
// import the handler named by _HANDLER from LAMBDA_TASK_ROOT (an import
// failure goes to /runtime/init/error), then loop: GET .../invocation/next,
// call the handler with the event and a context, POST .../response or
// .../error. Run by the emulator (aws-lambda-rie) as its bootstrap. Prints
// INIT_REPORT Init Duration (see below), which the emulator leaves out.
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const api = process.env.AWS_LAMBDA_RUNTIME_API;
const base = `/2018-06-01/runtime`;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const [host, port] = api.split(':');

/** One request to the Runtime API; resolves with status, headers and body text. */
function call(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path: base + path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function errorBody(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  return JSON.stringify({
    errorType: e.name,
    errorMessage: e.message,
    stackTrace: (e.stack ?? '').split('\n').slice(1),
  });
}

function post(path, payload, errorType) {
  const headers = { 'content-type': 'application/json' };
  if (errorType) headers['lambda-runtime-function-error-type'] = errorType;
  return call('POST', path, payload, headers);
}

async function loadHandler() {
  const [file, name] = (process.env._HANDLER ?? 'index.handler').split('.');
  const root = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
  const mod = await import(pathToFileURL(join(root, `${file}.mjs`)).href);
  if (typeof mod[name] !== 'function') throw new TypeError(`${process.env._HANDLER} is not a function`);
  return mod[name];
}

let handler;
try {
  handler = await loadHandler();
} catch (err) {
  console.error(`init error: ${err.stack ?? err}`);
  await post(
    '/init/error',
    errorBody(err),
    `Runtime.${err.code === 'ERR_MODULE_NOT_FOUND' ? 'ImportModuleError' : 'UserCodeSyntaxError'}`,
  );
  process.exit(1);
}

// The emulator starts the runtime lazily and folds init into the first
// invocation's Duration; Lambda reports it apart, so the runtime does: from
// its process start (performance's time origin) to its first /next.
process.stdout.write(`INIT_REPORT Init Duration: ${performance.now().toFixed(2)} ms\n`);
const env = process.env;
for (;;) {
  const next = await call('GET', '/invocation/next');
  const id = next.headers['lambda-runtime-aws-request-id'];
  const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
  if (next.headers['lambda-runtime-trace-id']) env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
  const context = {
    awsRequestId: id,
    invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(JSON.parse(next.body), context);
    await post(`/invocation/${id}/response`, JSON.stringify(result ?? null));
  } catch (err) {
    console.error(`invocation ${id} failed: ${err?.stack ?? err}`);
    await post(`/invocation/${id}/error`, errorBody(err), 'Runtime.HandlerError');
  }
}
