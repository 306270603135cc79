import * as z from 'zod/mini';

/*
 * The request events of the four HTTP front doors, as loose as real events
 * need: only the fields we read are typed. Gateways send `null` for empty maps,
 * so maps are nullish.
 */

const StringMapSchema = z.nullish(z.record(z.string(), z.string()));
const MultiValueMapSchema = z.nullish(z.record(z.string(), z.array(z.string())));

/** The request fields REST APIs (payload 1.0) and ALB share: both maps of each kind, and the body. */
const RestRequestFields = {
  headers: StringMapSchema,
  multiValueHeaders: MultiValueMapSchema,
  queryStringParameters: StringMapSchema,
  multiValueQueryStringParameters: MultiValueMapSchema,
  body: z.nullish(z.string()),
};

/** API Gateway REST API proxy integration (payload format 1.0; HTTP APIs can send it too). */
export const ApiGatewayV1EventSchema = z.looseObject({
  resource: z.string(),
  path: z.string(),
  httpMethod: z.string(),
  ...RestRequestFields,
  isBase64Encoded: z.nullish(z.boolean()),
  requestContext: z.looseObject({
    requestId: z.optional(z.string()),
    identity: z.nullish(z.looseObject({ sourceIp: z.nullish(z.string()) })),
    /** Lambda authorizer output (`principalId` and its context) or Cognito `claims`. */
    authorizer: z.nullish(z.record(z.string(), z.unknown())),
  }),
});

/** HTTP API payload format 2.0, which Function URLs use too (told apart by domain name). */
export const ApiGatewayV2EventSchema = z.looseObject({
  version: z.literal('2.0'),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.optional(z.string()),
  cookies: z.nullish(z.array(z.string())),
  headers: StringMapSchema,
  queryStringParameters: StringMapSchema,
  body: z.nullish(z.string()),
  isBase64Encoded: z.boolean(),
  requestContext: z.looseObject({
    domainName: z.string(),
    requestId: z.optional(z.string()),
    http: z.looseObject({
      method: z.string(),
      path: z.string(),
      sourceIp: z.optional(z.string()),
    }),
    /** `jwt`, `lambda` or `iam`, by the authorizer the route or URL uses. */
    authorizer: z.nullish(z.record(z.string(), z.unknown())),
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
  ...RestRequestFields,
  isBase64Encoded: z.boolean(),
});

export type ApiGatewayV1Event = z.infer<typeof ApiGatewayV1EventSchema>;
export type ApiGatewayV2Event = z.infer<typeof ApiGatewayV2EventSchema>;
export type AlbEvent = z.infer<typeof AlbEventSchema>;
