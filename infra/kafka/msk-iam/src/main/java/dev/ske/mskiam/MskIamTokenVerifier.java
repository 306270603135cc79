package dev.ske.mskiam;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an MSK IAM OAUTHBEARER token the way MSK does: the token is a SigV4-presigned
 * {@code GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect&...},
 * base64url-encoded without padding. Every check that fails throws {@link Refused} with the reason.
 */
final class MskIamTokenVerifier {
  static final String SERVICE = "kafka-cluster";
  static final String ACTION = "kafka-cluster:Connect";
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  /** What the AWS signers (aws-msk-iam-sasl-signer-*) use; a longer-lived token is refused. */
  static final long MAX_EXPIRES_SECONDS = 900;
  /** Clock skew SigV4 tolerates for a request dated in the future. */
  static final long MAX_SKEW_MS = 5 * 60_000;
  /** SHA-256 of the empty body: presigned GETs sign no payload. */
  private static final String EMPTY_PAYLOAD_HASH =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A token the broker does not accept, and why (logged by the broker, never sent to the client). */
  static final class Refused extends Exception {
    Refused(String reason) {
      super(reason);
    }
  }

  private final String region;
  private final String host;
  private final IamCredentialStore credentials;
  private final LongSupplier clock;

  MskIamTokenVerifier(String region, IamCredentialStore credentials, LongSupplier clock) {
    this.region = region;
    this.host = "kafka." + region + ".amazonaws.com";
    this.credentials = credentials;
    this.clock = clock;
  }

  MskIamToken verify(String token) throws Refused {
    URI url = decode(token);
    if (!"https".equals(url.getScheme())) throw new Refused("scheme " + url.getScheme() + " is not https");
    if (!host.equals(url.getHost()) || url.getPort() != -1) {
      throw new Refused("host " + url.getHost() + " is not " + host);
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (!"/".equals(path)) throw new Refused("path " + path + " is not /");
    Map<String, String> query = parseQuery(url.getRawQuery());

    String action = require(query, "Action");
    if (!ACTION.equals(action)) throw new Refused("Action " + action + " is not " + ACTION);
    String algorithm = require(query, "X-Amz-Algorithm");
    if (!ALGORITHM.equals(algorithm)) throw new Refused("X-Amz-Algorithm " + algorithm + " is not " + ALGORITHM);
    String signedHeaders = require(query, "X-Amz-SignedHeaders");
    if (!"host".equals(signedHeaders)) throw new Refused("X-Amz-SignedHeaders " + signedHeaders + " is not host");

    String amzDate = require(query, "X-Amz-Date");
    long signedAt = parseDate(amzDate);
    long expiresSeconds = parseExpires(require(query, "X-Amz-Expires"));

    String[] scope = require(query, "X-Amz-Credential").split("/", -1);
    if (scope.length != 5) throw new Refused("X-Amz-Credential is not <key>/<date>/<region>/<service>/aws4_request");
    String accessKeyId = scope[0];
    if (!scope[1].equals(amzDate.substring(0, 8))) {
      throw new Refused("credential scope date " + scope[1] + " is not the date of X-Amz-Date " + amzDate);
    }
    if (!region.equals(scope[2])) throw new Refused("credential scope region " + scope[2] + " is not " + region);
    if (!SERVICE.equals(scope[3])) throw new Refused("credential scope service " + scope[3] + " is not " + SERVICE);
    if (!"aws4_request".equals(scope[4])) throw new Refused("credential scope does not end in aws4_request");

    long now = clock.getAsLong();
    long expiresAt = signedAt + expiresSeconds * 1000;
    if (signedAt - MAX_SKEW_MS > now) throw new Refused("X-Amz-Date " + amzDate + " is in the future");
    if (now >= expiresAt) {
      throw new Refused("token expired: X-Amz-Date " + amzDate + " + X-Amz-Expires " + expiresSeconds
          + " s is " + (now - expiresAt) / 1000 + " s ago");
    }

    IamCredentialStore.Credential credential = credentials.lookup(accessKeyId)
        .orElseThrow(() -> new Refused("unknown access key " + accessKeyId));
    String sessionToken = query.get("X-Amz-Security-Token");
    if (credential.sessionToken() == null) {
      if (sessionToken != null) throw new Refused("X-Amz-Security-Token given for the long-term key " + accessKeyId);
    } else {
      if (sessionToken == null) throw new Refused("X-Amz-Security-Token missing for temporary key " + accessKeyId);
      if (!MessageDigest.isEqual(bytes(sessionToken), bytes(credential.sessionToken()))) {
        throw new Refused("X-Amz-Security-Token does not belong to temporary key " + accessKeyId);
      }
      if (credential.expirationMs() != null && now >= credential.expirationMs()) {
        throw new Refused("temporary key " + accessKeyId + " has expired");
      }
    }

    String expected = signature(query, amzDate, scope, credential.secretAccessKey());
    String given = require(query, "X-Amz-Signature");
    if (!MessageDigest.isEqual(bytes(expected), bytes(given))) {
      throw new Refused("signature does not match (wrong secret key, or the token was altered) for access key "
          + accessKeyId);
    }
    long sessionEnd = credential.expirationMs() == null ? expiresAt : Math.min(expiresAt, credential.expirationMs());
    return new MskIamToken(token, credential.principal(), signedAt, sessionEnd);
  }

  private static URI decode(String token) throws Refused {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return new URI(text);
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      throw new Refused("not a base64url-encoded URL: " + e.getMessage());
    }
  }

  /** Query parameters, decoded; a repeated name is refused (a signer never repeats one). */
  private static Map<String, String> parseQuery(String raw) throws Refused {
    Map<String, String> out = new TreeMap<>();
    if (raw == null || raw.isEmpty()) throw new Refused("no query string");
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
      if (out.put(name, value) != null) throw new Refused("query parameter " + name + " appears twice");
    }
    return out;
  }

  private static String percentDecode(String text) {
    // URLDecoder reads '+' as a space; SigV4 encodes spaces as %20 and a literal '+' as %2B.
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String require(Map<String, String> query, String name) throws Refused {
    String value = query.get(name);
    if (value == null || value.isEmpty()) throw new Refused("query parameter " + name + " is missing");
    return value;
  }

  private static long parseDate(String amzDate) throws Refused {
    try {
      return Instant.from(AMZ_DATE.parse(amzDate)).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new Refused("X-Amz-Date " + amzDate + " is not yyyyMMddTHHmmssZ");
    }
  }

  private static long parseExpires(String text) throws Refused {
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new Refused("X-Amz-Expires " + text + " is not a number of seconds");
    }
    if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
      throw new Refused("X-Amz-Expires " + seconds + " is not between 1 and " + MAX_EXPIRES_SECONDS);
    }
    return seconds;
  }

  /**
   * The SigV4 signature of the presigned GET. Every query parameter is signed except the signature
   * itself and User-Agent, which the AWS signers append after signing.
   */
  private String signature(Map<String, String> query, String amzDate, String[] scope, String secret) throws Refused {
    StringBuilder canonicalQuery = new StringBuilder();
    Map<String, String> encoded = new TreeMap<>();
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (e.getKey().equals("X-Amz-Signature") || e.getKey().equals("User-Agent")) continue;
      encoded.put(uriEncode(e.getKey()), uriEncode(e.getValue()));
    }
    for (Map.Entry<String, String> e : encoded.entrySet()) {
      if (canonicalQuery.length() > 0) canonicalQuery.append('&');
      canonicalQuery.append(e.getKey()).append('=').append(e.getValue());
    }
    String canonicalRequest = String.join("\n",
        "GET", "/", canonicalQuery, "host:" + host, "", "host", EMPTY_PAYLOAD_HASH);
    String credentialScope = String.join("/", scope[1], scope[2], scope[3], scope[4]);
    String stringToSign = String.join("\n", ALGORITHM, amzDate, credentialScope, hex(sha256(bytes(canonicalRequest))));
    byte[] key = hmac(bytes("AWS4" + secret), scope[1]);
    key = hmac(key, scope[2]);
    key = hmac(key, scope[3]);
    key = hmac(key, scope[4]);
    return hex(hmac(key, stringToSign));
  }

  /** RFC 3986 encoding as SigV4 defines it: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
  static String uriEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes(text)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] data) {
    return HexFormat.of().formatHex(data);
  }

  private static byte[] sha256(byte[] data) throws Refused {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new Refused("SHA-256 unavailable: " + e.getMessage());
    }
  }

  private static byte[] hmac(byte[] key, String data) throws Refused {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(bytes(data));
    } catch (GeneralSecurityException e) {
      throw new Refused("HMAC-SHA256 unavailable: " + e.getMessage());
    }
  }
}
