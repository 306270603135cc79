package dev.ske.mskiam;

import java.util.Set;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;

/** A verified MSK IAM token as the broker's SASL layer sees it: who, and until when the session may last. */
record MskIamToken(String value, String principalName, long startTimeMsValue, long lifetimeMsValue)
    implements OAuthBearerToken {
  @Override
  public Set<String> scope() {
    return Set.of("kafka-cluster:Connect");
  }

  /** Expiry of the presigned request (X-Amz-Date + X-Amz-Expires): the broker ends the session then. */
  @Override
  public long lifetimeMs() {
    return lifetimeMsValue;
  }

  @Override
  public Long startTimeMs() {
    return startTimeMsValue;
  }
}
