import { z } from 'zod';

/*
 * The request events of the four HTTP front doors, as loose as real events
 * need: only the fields we read are typed. Gateways send `null` for empty maps,
 * so maps are nullish.
 */

const StringMapSchema = z.record(z.string(), z.string()).nullish();
const MultiValueMapSchema = z.record(z.string(), z.array(z.string())).nullish();

/** API Gateway REST API proxy integration (payload format 1.0; HTTP APIs can send it too). */
export const ApiGatewayV1EventSchema = z.looseObject({
  resource: z.string(),
  path: z.string(),
  httpMethod: z.string(),
  headers: StringMapSchema,
  multiValueHeaders: MultiValueMapSchema,
  queryStringParameters: StringMapSchema,
  multiValueQueryStringParameters: MultiValueMapSchema,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().nullish(),
  requestContext: z.looseObject({
    requestId: z.string().optional(),
    identity: z.looseObject({ sourceIp: z.string().nullish() }).nullish(),
    /** Lambda authorizer output (`principalId` and its context) or Cognito `claims`. */
    authorizer: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/** HTTP API payload format 2.0, which Function URLs use too (told apart by domain name). */
export const ApiGatewayV2EventSchema = z.looseObject({
  version: z.literal('2.0'),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string().optional(),
  cookies: z.array(z.string()).nullish(),
  headers: StringMapSchema,
  queryStringParameters: StringMapSchema,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean(),
  requestContext: z.looseObject({
    domainName: z.string(),
    requestId: z.string().optional(),
    http: z.looseObject({
      method: z.string(),
      path: z.string(),
      sourceIp: z.string().optional(),
    }),
    /** `jwt`, `lambda` or `iam`, by the authorizer the route or URL uses. */
    authorizer: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/**
 * An Application Load Balancer target group request. With multi-value headers
 * on, only the `multiValue*` maps are sent (and the reply must use them too).
 * ALB passes query strings as the client sent them, still URL-encoded.
 */
export const AlbEventSchema = z.looseObject({
  requestContext: z.looseObject({
    elb: z.looseObject({ targetGroupArn: z.string() }),
  }),
  httpMethod: z.string(),
  path: z.string(),
  headers: StringMapSchema,
  multiValueHeaders: MultiValueMapSchema,
  queryStringParameters: StringMapSchema,
  multiValueQueryStringParameters: MultiValueMapSchema,
  body: z.string().nullish(),
  isBase64Encoded: z.boolean(),
});

export type ApiGatewayV1Event = z.infer<typeof ApiGatewayV1EventSchema>;
export type ApiGatewayV2Event = z.infer<typeof ApiGatewayV2EventSchema>;
export type AlbEvent = z.infer<typeof AlbEventSchema>;
