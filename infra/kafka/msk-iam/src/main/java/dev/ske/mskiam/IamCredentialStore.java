package dev.ske.mskiam;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access keys the broker knows, standing in for IAM. Read from Java properties files:
 * {@code <accessKeyId>.secretAccessKey}, {@code <accessKeyId>.principal}, and for temporary (STS)
 * credentials {@code <accessKeyId>.sessionToken} and {@code <accessKeyId>.expiration} (epoch ms).
 * The stack writes the static user's file; the AWS emulator appends every AssumeRole answer to the
 * sessions file, so an access key the broker has not seen yet is looked up there again.
 */
final class IamCredentialStore {
  /** One access key and what the broker knows about it. */
  record Credential(String accessKeyId, String secretAccessKey, String principal, String sessionToken, Long expirationMs) {}

  private final List<Path> files;
  private final Map<String, Credential> known = new ConcurrentHashMap<>();
  private final Map<Path, Long> loadedVersions = new ConcurrentHashMap<>();

  IamCredentialStore(List<Path> files) {
    this.files = List.copyOf(files);
    reloadChanged();
  }

  /** The credential for an access key id, re-reading the files once when it is not known yet. */
  Optional<Credential> lookup(String accessKeyId) {
    Credential found = known.get(accessKeyId);
    if (found == null) {
      reloadChanged();
      found = known.get(accessKeyId);
    }
    return Optional.ofNullable(found);
  }

  private synchronized void reloadChanged() {
    for (Path file : files) {
      try {
        if (!Files.exists(file)) continue;
        long version = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
        Long loaded = loadedVersions.get(file);
        if (loaded != null && loaded == version) continue;
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          properties.load(reader);
        }
        for (Credential credential : parse(properties)) known.put(credential.accessKeyId(), credential);
        loadedVersions.put(file, version);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read IAM credentials file " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private static List<Credential> parse(Properties properties) {
    List<Credential> out = new ArrayList<>();
    for (String name : properties.stringPropertyNames()) {
      if (!name.endsWith(".secretAccessKey")) continue;
      String id = name.substring(0, name.length() - ".secretAccessKey".length());
      String expiration = properties.getProperty(id + ".expiration");
      out.add(new Credential(
          id,
          properties.getProperty(name),
          properties.getProperty(id + ".principal", id),
          properties.getProperty(id + ".sessionToken"),
          expiration == null ? null : Long.valueOf(expiration.trim())));
    }
    return out;
  }
}
