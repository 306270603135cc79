import kafkajs from 'kafkajs';
import { IAM_ALLOWED_PREFIX, IAM_DENIED_PREFIX } from './msk-iam.ts';

// Node's CommonJS interop does not see these enums as named exports of kafkajs.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } =
  kafkajs;

/**
 * Kafka ACLs for the IAM principals, in the place of the IAM policy an MSK
 * cluster would apply: write (which includes describe) on topics named
 * `iam-allowed*`, and an explicit deny on `iam-denied*`. Creating an ACL that
 * exists is a no-op, so this runs on every `stack:up`.
 */
export async function applyIamAcls(plaintextBootstrap: string, principals: string[]): Promise<void> {
  const admin = new Kafka({ brokers: [plaintextBootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const acl = principals.flatMap((principal) => [
      ...[AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE].map((operation) => ({
        resourceType: AclResourceTypes.TOPIC,
        resourceName: IAM_ALLOWED_PREFIX,
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        principal: `User:${principal}`,
        host: '*',
        operation,
        permissionType: AclPermissionTypes.ALLOW,
      })),
      {
        resourceType: AclResourceTypes.TOPIC,
        resourceName: IAM_DENIED_PREFIX,
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        principal: `User:${principal}`,
        host: '*',
        operation: AclOperationTypes.ALL,
        permissionType: AclPermissionTypes.DENY,
      },
    ]);
    await admin.createAcls({ acl });
  } finally {
    await admin.disconnect();
  }
}
