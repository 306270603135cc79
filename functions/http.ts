import { createHttpHandler } from '../lib/triggers/http/create.ts';

/** API Gateway (REST, HTTP API), Function URL and ALB. */
export const handler = createHttpHandler();
