export { EventShapeError } from './errors.ts';
export type { AlbResponse, GatewayResponse, HttpReplyInit, HttpResponse } from './http-reply.ts';
export { httpReply } from './http-reply.ts';
export type { HttpKind, HttpRequest } from './http-request.ts';
export { HTTP_KINDS, parseHttpEvent } from './http-request.ts';
export type { AlbEvent, ApiGatewayV1Event, ApiGatewayV2Event } from './http-schemas.ts';
export { AlbEventSchema, ApiGatewayV1EventSchema, ApiGatewayV2EventSchema } from './http-schemas.ts';
export type { EventBridgeS3Event, S3Event, S3NotificationRecord } from './s3-notification.ts';
export {
  decodeS3Key,
  EventBridgeS3EventSchema,
  isObjectCreated,
  isS3TestEvent,
  parseS3Event,
  S3EventSchema,
  S3NotificationObjectSchema,
  S3NotificationRecordSchema,
  S3TestEventSchema,
} from './s3-notification.ts';
export type { S3ObjectRef } from './s3-objects.ts';
export { s3ObjectsFromEvent, s3ObjectsFromSqsRecord } from './s3-objects.ts';
export type { ScheduledEvent } from './schedule.ts';
export { isScheduledEvent, ScheduledEventSchema } from './schedule.ts';
export type { SnsEvent, SnsMessageAttribute, SnsNotification } from './sns.ts';
export {
  isSnsNotification,
  parseSnsEnvelope,
  parseSnsEvent,
  SnsEventSchema,
  SnsMessageAttributeSchema,
  SnsNotificationSchema,
  SnsRecordSchema,
} from './sns.ts';
export type { SqsEvent, SqsMessageAttribute, SqsRecord } from './sqs.ts';
export {
  isSqsEvent,
  parseSqsEvent,
  SqsEventSchema,
  SqsMessageAttributeSchema,
  SqsRecordAttributesSchema,
  SqsRecordSchema,
} from './sqs.ts';
