package dev.ske.mskiam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAUTHBEARER server callback handler that accepts MSK IAM tokens, for a listener configured with
 * {@code listener.name.<l>.oauthbearer.sasl.server.callback.handler.class=dev.ske.mskiam.MskIamCallbackHandler}
 * and JAAS options {@code region}, {@code credentialsFiles} (comma-separated properties files).
 * The principal is the access key's user (or the assumed role), for Kafka ACLs to authorize.
 */
public final class MskIamCallbackHandler implements AuthenticateCallbackHandler {
  private static final Logger log = LoggerFactory.getLogger(MskIamCallbackHandler.class);
  private MskIamTokenVerifier verifier;

  @Override
  public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
    if (!"OAUTHBEARER".equals(saslMechanism)) {
      throw new IllegalArgumentException("MskIamCallbackHandler serves OAUTHBEARER, not " + saslMechanism);
    }
    Map<String, ?> options = jaasConfigEntries.get(0).getOptions();
    String region = option(options, "region");
    List<Path> files = new ArrayList<>();
    for (String file : option(options, "credentialsFiles").split(",")) files.add(Path.of(file.trim()));
    verifier = new MskIamTokenVerifier(region, new IamCredentialStore(files), System::currentTimeMillis);
    log.info("MSK IAM token verifier ready for region {} with credentials from {}", region, files);
  }

  private static String option(Map<String, ?> options, String name) {
    Object value = options.get(name);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("MskIamCallbackHandler needs the JAAS option " + name);
    }
    return value.toString();
  }

  @Override
  public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
    for (Callback callback : callbacks) {
      if (callback instanceof OAuthBearerValidatorCallback validator) {
        validate(validator);
      } else if (callback instanceof OAuthBearerExtensionsValidatorCallback) {
        // MSK ignores SASL extensions; leaving them unvalidated makes the broker ignore them too.
      } else {
        throw new UnsupportedCallbackException(callback);
      }
    }
  }

  private void validate(OAuthBearerValidatorCallback callback) {
    try {
      MskIamToken token = verifier.verify(callback.tokenValue());
      callback.token(token);
      log.info("MSK IAM token accepted: principal {}, signed at {}, session until {}",
          token.principalName(), token.startTimeMs(), token.lifetimeMs());
    } catch (MskIamTokenVerifier.Refused refused) {
      log.warn("MSK IAM token refused: {}", refused.getMessage());
      callback.error("invalid_token", null, null);
    } catch (RuntimeException e) {
      log.error("MSK IAM token could not be verified", e);
      callback.error("invalid_token", null, null);
    }
  }

  @Override
  public void close() {}
}
